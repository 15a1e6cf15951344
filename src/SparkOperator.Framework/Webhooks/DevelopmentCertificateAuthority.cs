using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// A throw-away CA and a serving certificate it signed, made in memory at startup, for running the
/// webhook outside a cluster (development, integration tests). The serving certificate is valid for
/// 127.0.0.1, ::1, localhost and the given DNS names; register the webhook with
/// <see cref="CaBundle"/> as its <c>caBundle</c>. Never used in production: there the certificate
/// comes from a mounted Secret (<see cref="CertificateFileSource"/>).
/// </summary>
public sealed class DevelopmentCertificateAuthority : IServerCertificateSource, IDisposable
{
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
        var notBefore = now.AddMinutes(-5);
        var notAfter = now.AddDays(30);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SparkOperator development webhook CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var caWithKey = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=SparkOperator development webhook", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        foreach (var name in dnsNames.Distinct(StringComparer.Ordinal))
        {
            names.AddDnsName(name);
        }

        serverRequest.CertificateExtensions.Add(names.Build(critical: false));
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var serverPublic = serverRequest.Create(caWithKey, notBefore, notAfter.AddMinutes(-1), serial);
        var server = serverPublic.CopyWithPrivateKey(serverKey);
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
