using System.Text;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>
/// A CA and the serving certificate it signed, as PEM: the data of a <c>kubernetes.io/tls</c>
/// Secret (<c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c>), the keys cert-manager writes too, so
/// either tool can own the Secret.
/// </summary>
/// <param name="CaPem">The CA certificate (no key: the CA key is thrown away once the certificate is signed).</param>
/// <param name="CertificatePem">The serving certificate.</param>
/// <param name="KeyPem">The serving certificate's private key (PKCS#8).</param>
public sealed record CertificateBundle(string CaPem, string CertificatePem, string KeyPem)
{
    /// <summary>The Secret type.</summary>
    public const string SecretType = "kubernetes.io/tls";

    /// <summary>Key of the serving certificate.</summary>
    public const string CertificateKey = "tls.crt";

    /// <summary>Key of the private key.</summary>
    public const string PrivateKeyKey = "tls.key";

    /// <summary>Key of the CA certificate.</summary>
    public const string CaKey = "ca.crt";

    /// <summary>The Secret's data.</summary>
    public Dictionary<string, byte[]> ToSecretData() => new()
    {
        [CertificateKey] = Encoding.ASCII.GetBytes(CertificatePem),
        [PrivateKeyKey] = Encoding.ASCII.GetBytes(KeyPem),
        [CaKey] = Encoding.ASCII.GetBytes(CaPem),
    };
}
