using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using SparkOperator.Framework.Webhooks.Certificates;

namespace SparkOperator.IntegrationTests.Webhooks;

/// <summary>
/// The certificate a webhook port actually presents, checked as the API server checks it: a
/// chain to one of the caBundle's CAs, for server authentication, for the host name it dials.
/// </summary>
public static class ServedCertificate
{
    /// <summary>Opens a TLS connection to 127.0.0.1:<paramref name="port"/> and returns the leaf it was shown.</summary>
    public static async Task<X509Certificate2> FetchAsync(int port, string host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        X509Certificate2? seen = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            // Accepted here and judged by Problem, against the caBundle rather than the machine's roots.
            seen = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return seen is not null;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host });
        return seen ?? throw new AssertionException($"127.0.0.1:{port} presented no certificate");
    }

    /// <summary>Null when <paramref name="served"/> is trusted by <paramref name="caBundle"/> for <paramref name="host"/>, else why not.</summary>
    public static string? Problem(X509Certificate2 served, byte[]? caBundle, string host)
    {
        var authorities = CaBundle.Parse(caBundle);
        if (authorities.Count == 0)
        {
            return "the caBundle holds no CA";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        if (!chain.Build(served))
        {
            return "no chain to the caBundle: " + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
        }

        return served.MatchesHostname(host, allowWildcards: false, allowCommonName: false) ? null : $"the certificate does not cover {host}";
    }
}
