using System.Security.Cryptography.X509Certificates;
using System.Text;
using SparkOperator.Framework.Webhooks.Certificates;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// A throw-away CA and a serving certificate it signed, made in memory at startup, for running the
/// webhook outside a cluster (development, integration tests). The serving certificate is valid for
/// 127.0.0.1, ::1, localhost and the given DNS names; register the webhook with
/// <see cref="CaBundle"/> as its <c>caBundle</c>. Never used in production: there the certificate
/// comes from a Secret (<see cref="SecretCertificateSource"/>, or <see cref="CertificateFileSource"/>
/// for a mounted one). Made by <see cref="CertificateIssuer"/>, as the managed certificates are.
/// </summary>
public sealed class DevelopmentCertificateAuthority : IServerCertificateSource, IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private DevelopmentCertificateAuthority(X509Certificate2 caCertificate, X509Certificate2 serverCertificate)
    {
        CaCertificate = caCertificate;
        ServerCertificate = serverCertificate;
    }

    /// <summary>The CA certificate (public part only): what clients trust.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The serving certificate with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string CaPem => CaCertificate.ExportCertificatePem();

    /// <summary>Base64 of <see cref="CaPem"/>: the value of a webhook configuration's <c>clientConfig.caBundle</c>.</summary>
    public string CaBundle => Convert.ToBase64String(Encoding.ASCII.GetBytes(CaPem));

    /// <summary>Creates a CA and a serving certificate valid for loopback and <paramref name="dnsNames"/>, for 30 days.</summary>
    public static DevelopmentCertificateAuthority Create(IEnumerable<string> dnsNames, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var caWithKey = CertificateIssuer.CreateAuthority("CN=SparkOperator development webhook CA", now, Lifetime);
        var server = CertificateIssuer.IssueServing(
            caWithKey, "CN=SparkOperator development webhook", ["127.0.0.1", "::1", "localhost", .. dnsNames], now, Lifetime);
        var ca = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        return new DevelopmentCertificateAuthority(ca, server);
    }

    /// <inheritdoc />
    public X509Certificate2 GetCertificate() => ServerCertificate;

    /// <inheritdoc />
    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
