using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>What a Secret's certificate data is worth.</summary>
public enum CertificateStatus
{
    /// <summary>Usable and not due for renewal.</summary>
    Valid,

    /// <summary>There is no Secret.</summary>
    Missing,

    /// <summary>Present but unusable: see the reason.</summary>
    Invalid,

    /// <summary>Usable, but the CA or the certificate is inside its renewal window.</summary>
    Expiring,
}

/// <summary>The outcome of <see cref="CertificateInspection.Inspect"/>.</summary>
/// <param name="Status">What the data is worth.</param>
/// <param name="Reason">Why, for a log line (empty when valid).</param>
/// <param name="CaPem">The CA certificate as PEM when it parsed, else null.</param>
public sealed record CertificateState(CertificateStatus Status, string Reason, string? CaPem)
{
    /// <summary>True when the pair can be served now (valid or expiring).</summary>
    public bool IsServable => Status is CertificateStatus.Valid or CertificateStatus.Expiring;

    internal static CertificateState Missing { get; } = new(CertificateStatus.Missing, "the Secret does not exist", null);

    internal static CertificateState Invalid(string reason, string? caPem = null) => new(CertificateStatus.Invalid, reason, caPem);
}

/// <summary>
/// Judges a webhook Secret's data the way a TLS client would and a bit earlier: the certificate and
/// key belong together, the certificate chains to <c>ca.crt</c> for server authentication, covers
/// every name the webhook is reached by, and neither it nor the CA has expired or is about to.
/// Pure: the time is passed in.
/// </summary>
public static class CertificateInspection
{
    /// <summary>Inspects <paramref name="data"/> (null: there is no Secret).</summary>
    public static CertificateState Inspect(IDictionary<string, byte[]>? data, IReadOnlyCollection<string> names, CertificateLifetimes lifetimes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(lifetimes);
        if (data is null)
        {
            return CertificateState.Missing;
        }

        foreach (var key in new[] { CertificateBundle.CaKey, CertificateBundle.CertificateKey, CertificateBundle.PrivateKeyKey })
        {
            if (!data.TryGetValue(key, out var value) || value is null || value.Length == 0)
            {
                return CertificateState.Invalid($"the Secret has no {key}");
            }
        }

        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(data[CertificateBundle.CaKey]));
        }
        catch (CryptographicException e)
        {
            return CertificateState.Invalid($"ca.crt does not parse: {e.Message}");
        }

        using (ca)
        {
            var caPem = ca.ExportCertificatePem();
            X509Certificate2 certificate;
            try
            {
                certificate = X509Certificate2.CreateFromPem(
                    Encoding.ASCII.GetString(data[CertificateBundle.CertificateKey]),
                    Encoding.ASCII.GetString(data[CertificateBundle.PrivateKeyKey]));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // ArgumentException: a key that does not belong to the certificate.
                return CertificateState.Invalid($"tls.crt and tls.key do not load as a pair: {e.Message}", caPem);
            }

            using (certificate)
            {
                return Judge(ca, caPem, certificate, names, lifetimes, now);
            }
        }
    }

    private static CertificateState Judge(
        X509Certificate2 ca, string caPem, X509Certificate2 certificate, IReadOnlyCollection<string> names, CertificateLifetimes lifetimes, DateTimeOffset now)
    {
        foreach (var (what, c) in new[] { ("ca.crt", ca), ("tls.crt", certificate) })
        {
            if (now.UtcDateTime < c.NotBefore.ToUniversalTime())
            {
                return CertificateState.Invalid($"{what} is not valid before {c.NotBefore.ToUniversalTime():o}", caPem);
            }

            if (now.UtcDateTime >= c.NotAfter.ToUniversalTime())
            {
                return CertificateState.Invalid($"{what} expired at {c.NotAfter.ToUniversalTime():o}", caPem);
            }
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (!chain.Build(certificate))
        {
            var problems = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return CertificateState.Invalid($"tls.crt does not chain to ca.crt: {problems}", caPem);
        }

        if (names.FirstOrDefault(n => !certificate.MatchesHostname(n, allowWildcards: false, allowCommonName: false)) is { } uncovered)
        {
            return CertificateState.Invalid($"tls.crt does not cover {uncovered}", caPem);
        }

        foreach (var (what, c, lifetime) in new[] { ("ca.crt", ca, lifetimes.Ca), ("tls.crt", certificate, lifetimes.Certificate) })
        {
            var left = c.NotAfter.ToUniversalTime() - now.UtcDateTime;
            if (left < lifetimes.RenewalWindow(lifetime))
            {
                return new CertificateState(CertificateStatus.Expiring, $"{what} expires at {c.NotAfter.ToUniversalTime():o}, within its renewal window", caPem);
            }
        }

        return new CertificateState(CertificateStatus.Valid, string.Empty, caPem);
    }
}
