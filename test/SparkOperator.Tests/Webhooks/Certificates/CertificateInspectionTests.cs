using System.Text;
using Microsoft.Extensions.Time.Testing;
using SparkOperator.Framework.Webhooks.Certificates;

namespace SparkOperator.Tests.Webhooks.Certificates;

/// <summary>What the rotator and every replica conclude from a Secret's data, on a fake clock.</summary>
public class CertificateInspectionTests
{
    private static readonly string[] Names = ["spark-operator-webhook.spark-operator.svc", "127.0.0.1"];
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private CertificateState Inspect(IDictionary<string, byte[]>? data, CertificateLifetimes? lifetimes = null) =>
        CertificateInspection.Inspect(data, Names, lifetimes ?? CertificateLifetimes.Default, time.GetUtcNow());

    private Dictionary<string, byte[]> Issue(CertificateLifetimes? lifetimes = null, string[]? names = null) =>
        CertificateIssuer.Issue(names ?? Names, lifetimes ?? CertificateLifetimes.Default, time.GetUtcNow()).ToSecretData();

    [Test]
    public void A_new_bundle_is_valid_for_its_names_and_carries_its_ca()
    {
        var bundle = CertificateIssuer.Issue(Names, CertificateLifetimes.Default, time.GetUtcNow());
        var state = Inspect(bundle.ToSecretData());
        Assert.That(state.Status, Is.EqualTo(CertificateStatus.Valid), state.Reason);
        Assert.That(state.CaPem, Is.EqualTo(bundle.CaPem));
        Assert.That(bundle.ToSecretData().Keys, Is.EquivalentTo(new[] { "tls.crt", "tls.key", "ca.crt" }));
    }

    [Test]
    public void No_secret_is_missing() => Assert.That(Inspect(null).Status, Is.EqualTo(CertificateStatus.Missing));

    [TestCase("tls.crt")]
    [TestCase("tls.key")]
    [TestCase("ca.crt")]
    public void A_secret_without_one_key_is_invalid(string key)
    {
        var data = Issue();
        data.Remove(key);
        var state = Inspect(data);
        Assert.That((state.Status, state.Reason), Is.EqualTo((CertificateStatus.Invalid, $"the Secret has no {key}")));
    }

    [Test]
    public void Garbage_is_invalid()
    {
        var data = Issue();
        data["tls.crt"] = Encoding.ASCII.GetBytes("not a certificate");
        Assert.That(Inspect(data).Status, Is.EqualTo(CertificateStatus.Invalid));
    }

    [Test]
    public void A_key_of_another_certificate_is_invalid()
    {
        var data = Issue();
        data["tls.key"] = Issue()["tls.key"];
        var state = Inspect(data);
        Assert.That(state.Status, Is.EqualTo(CertificateStatus.Invalid));
        Assert.That(state.Reason, Does.StartWith("tls.crt and tls.key do not load as a pair"));
    }

    [Test]
    public void A_certificate_of_another_ca_is_invalid()
    {
        var data = Issue();
        data["ca.crt"] = Issue()["ca.crt"];
        var state = Inspect(data);
        Assert.That(state.Status, Is.EqualTo(CertificateStatus.Invalid));
        Assert.That(state.Reason, Does.StartWith("tls.crt does not chain to ca.crt"));
    }

    [Test]
    public void A_certificate_that_does_not_cover_every_name_is_invalid()
    {
        var state = Inspect(Issue(names: ["spark-operator-webhook.spark-operator.svc"]));
        Assert.That((state.Status, state.Reason), Is.EqualTo((CertificateStatus.Invalid, "tls.crt does not cover 127.0.0.1")));
    }

    [Test]
    public void A_year_long_certificate_is_renewed_30_days_before_it_ends_and_invalid_once_it_has()
    {
        var data = Issue();
        time.Advance(TimeSpan.FromDays(334));
        Assert.That(Inspect(data).Status, Is.EqualTo(CertificateStatus.Valid));
        time.Advance(TimeSpan.FromDays(2));
        var expiring = Inspect(data);
        Assert.That(expiring.Status, Is.EqualTo(CertificateStatus.Expiring));
        Assert.That(expiring.IsServable, Is.True, "an expiring certificate is still served");
        time.Advance(TimeSpan.FromDays(30));
        var expired = Inspect(data);
        Assert.That(expired.Status, Is.EqualTo(CertificateStatus.Invalid));
        Assert.That(expired.Reason, Does.Contain("expired"));
    }

    [Test]
    public void A_short_lifetime_is_renewed_at_its_last_quarter_not_from_birth()
    {
        // Certificates are back-dated five minutes; renewal counts from the configured lifetime only.
        var lifetimes = new CertificateLifetimes { Ca = TimeSpan.FromSeconds(40), Certificate = TimeSpan.FromSeconds(40) };
        var data = Issue(lifetimes);
        Assert.That(Inspect(data, lifetimes).Status, Is.EqualTo(CertificateStatus.Valid));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(Inspect(data, lifetimes).Status, Is.EqualTo(CertificateStatus.Valid));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(Inspect(data, lifetimes).Status, Is.EqualTo(CertificateStatus.Expiring));
    }

    [Test]
    public void The_certificate_never_outlives_its_ca()
    {
        var lifetimes = new CertificateLifetimes { Ca = TimeSpan.FromDays(10), Certificate = TimeSpan.FromDays(100) };
        var bundle = CertificateIssuer.Issue(Names, lifetimes, time.GetUtcNow());
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(bundle.CaPem);
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(bundle.CertificatePem);
        Assert.That(certificate.NotAfter, Is.LessThanOrEqualTo(ca.NotAfter));
    }

    [Test]
    public void RenewBefore_overrides_the_quarter()
    {
        var lifetimes = new CertificateLifetimes { RenewBefore = TimeSpan.FromDays(100) };
        Assert.That(Inspect(Issue(lifetimes), lifetimes).Status, Is.EqualTo(CertificateStatus.Valid));
        time.Advance(TimeSpan.FromDays(266));
        Assert.That(Inspect(Issue(lifetimes), lifetimes).Status, Is.EqualTo(CertificateStatus.Valid), "a fresh one");
        var old = Issue(lifetimes);
        time.Advance(TimeSpan.FromDays(266));
        Assert.That(Inspect(old, lifetimes).Status, Is.EqualTo(CertificateStatus.Expiring));
    }
}
