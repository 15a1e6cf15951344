using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>
/// Makes a CA and serving certificates, ECDSA P-256 with SHA-256, in memory. Pure apart from the
/// random keys: no I/O, the time comes from the caller.
/// </summary>
public static class CertificateIssuer
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>
    /// A new CA and a serving certificate for <paramref name="names"/> (DNS names; entries that parse
    /// as IP addresses become IP SANs). The CA key is used once and discarded: the next renewal makes
    /// a new CA, so nothing long-lived that can sign needs storing.
    /// </summary>
    public static CertificateBundle Issue(IEnumerable<string> names, CertificateLifetimes lifetimes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lifetimes);
        using var ca = CreateAuthority("CN=SparkOperator webhook CA", now, lifetimes.Ca);
        using var server = IssueServing(ca, "CN=SparkOperator webhook", names, now, lifetimes.Certificate);
        using var key = server.GetECDsaPrivateKey()!;
        return new CertificateBundle(ca.ExportCertificatePem(), server.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A self-signed CA (with its private key) valid from <paramref name="now"/> (back-dated) for <paramref name="lifetime"/>.</summary>
    public static X509Certificate2 CreateAuthority(string subject, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now - CertificateLifetimes.ClockSkew, now + lifetime);
    }

    /// <summary>
    /// A serving certificate with its private key, signed by <paramref name="ca"/> (which must hold
    /// its key), for <paramref name="names"/>; it ends no later than the CA.
    /// </summary>
    public static X509Certificate2 IssueServing(X509Certificate2 ca, string subject, IEnumerable<string> names, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(names);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternatives.AddIpAddress(address);
            }
            else
            {
                alternatives.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternatives.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var notAfter = now + lifetime;
        var caEnd = new DateTimeOffset(ca.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        using var certificate = request.Create(ca, now - CertificateLifetimes.ClockSkew, notAfter < caEnd ? notAfter : caEnd, serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
