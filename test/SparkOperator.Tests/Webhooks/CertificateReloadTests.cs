using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Hosting;

namespace SparkOperator.Tests.Webhooks;

/// <summary>The production certificate path: tls.crt/tls.key from a directory, reloaded when they change.</summary>
public class CertificateReloadTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("webhook-tls-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private static DevelopmentCertificateAuthority NewAuthority() => DevelopmentCertificateAuthority.Create(WebhookServer.ServiceDnsNames);

    private void Write(DevelopmentCertificateAuthority authority)
    {
        // Write next to the files and rename over them, as the kubelet swaps a Secret's contents atomically.
        File.WriteAllText(Path.Combine(directory, "tls.crt.tmp"), authority.ServerCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.key.tmp"), authority.ServerCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.Move(Path.Combine(directory, "tls.crt.tmp"), Path.Combine(directory, "tls.crt"), overwrite: true);
        File.Move(Path.Combine(directory, "tls.key.tmp"), Path.Combine(directory, "tls.key"), overwrite: true);
    }

    [Test]
    public void Renewed_files_are_served_after_the_check_interval()
    {
        using var first = NewAuthority();
        using var second = NewAuthority();
        Write(first);
        var time = new FakeTimeProvider();
        using var source = new CertificateFileSource(directory, TimeSpan.FromSeconds(10), NullLogger<CertificateFileSource>.Instance, time);
        Assert.That(source.GetCertificate().Thumbprint, Is.EqualTo(first.ServerCertificate.Thumbprint));
        Assert.That(source.GetCertificate().HasPrivateKey, Is.True);

        Write(second);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(source.GetCertificate().Thumbprint, Is.EqualTo(first.ServerCertificate.Thumbprint), "checked again before the interval");

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.That(source.GetCertificate().Thumbprint, Is.EqualTo(second.ServerCertificate.Thumbprint));
    }

    [Test]
    public void Broken_or_mismatched_files_keep_the_current_certificate()
    {
        using var first = NewAuthority();
        using var other = NewAuthority();
        Write(first);
        var time = new FakeTimeProvider();
        using var source = new CertificateFileSource(directory, TimeSpan.FromSeconds(1), NullLogger<CertificateFileSource>.Instance, time);

        File.WriteAllText(Path.Combine(directory, "tls.crt"), "-----BEGIN CERTIFICATE-----\nhalf written");
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(source.GetCertificate().Thumbprint, Is.EqualTo(first.ServerCertificate.Thumbprint));

        // The certificate of one pair with the key of another.
        File.WriteAllText(Path.Combine(directory, "tls.crt"), other.ServerCertificate.ExportCertificatePem());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(source.GetCertificate().Thumbprint, Is.EqualTo(first.ServerCertificate.Thumbprint));

        File.Delete(Path.Combine(directory, "tls.key"));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(source.GetCertificate().Thumbprint, Is.EqualTo(first.ServerCertificate.Thumbprint));
    }

    [Test]
    public void Missing_files_fail_at_construction()
    {
        Assert.That(
            () => new CertificateFileSource(directory, TimeSpan.FromSeconds(1), NullLogger<CertificateFileSource>.Instance),
            Throws.InstanceOf<IOException>());
    }

    [Test]
    public void Development_certificate_is_a_serving_certificate_for_loopback_and_the_service()
    {
        using var authority = NewAuthority();
        var server = authority.ServerCertificate;

        Assert.That(server.HasPrivateKey, Is.True);
        Assert.That(server.Issuer, Is.EqualTo(authority.CaCertificate.Subject));
        Assert.That(server.MatchesHostname("127.0.0.1"), Is.True);
        Assert.That(server.MatchesHostname("localhost"), Is.True);
        Assert.That(server.MatchesHostname("spark-operator-webhook.spark-operator.svc"), Is.True);
        Assert.That(server.MatchesHostname("example.com"), Is.False);
        Assert.That(authority.CaPem, Does.StartWith("-----BEGIN CERTIFICATE-----"));
        Assert.That(System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(authority.CaBundle)), Is.EqualTo(authority.CaPem));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority.CaCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        Assert.That(chain.Build(server), Is.True, string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Test]
    public async Task Host_serves_the_mounted_certificate_and_picks_up_a_renewal_without_restart()
    {
        using var first = NewAuthority();
        using var second = NewAuthority();
        Write(first);
        await using var host = await WebhookHost.StartAsync($"--Webhook:CertificateDirectory={directory}", "--Webhook:CertificateCheckIntervalSeconds=0");

        async Task<string?> ServedThumbprint(X509Certificate2 ca)
        {
            string? thumbprint = null;
            using var client = WebhookHost.ClientTrusting(ca, c => thumbprint = c.Thumbprint);
            using var response = await client.GetAsync(new Uri(host.HttpsBase, "/healthz"));
            return thumbprint;
        }

        Assert.That(await ServedThumbprint(first.CaCertificate), Is.EqualTo(first.ServerCertificate.Thumbprint));

        Write(second);

        Assert.That(await ServedThumbprint(second.CaCertificate), Is.EqualTo(second.ServerCertificate.Thumbprint));
    }
}
