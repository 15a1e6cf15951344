using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SparkOperator.Framework.Webhooks.Certificates;

namespace SparkOperator.Tests.Webhooks.Certificates;

/// <summary>How a rotation changes a caBundle: the new CA first, the one before it kept while still valid.</summary>
public class CaBundleTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private string NewCa(TimeSpan? lifetime = null)
    {
        using var ca = CertificateIssuer.CreateAuthority("CN=test", time.GetUtcNow(), lifetime ?? TimeSpan.FromDays(365));
        return ca.ExportCertificatePem();
    }

    private static string[] Thumbprints(byte[] bundle) => [.. CaBundle.Parse(bundle).Select(c => c.Thumbprint)];

    private static string Thumbprint(string pem)
    {
        using var c = X509Certificate2.CreateFromPem(pem);
        return c.Thumbprint;
    }

    [Test]
    public void An_empty_bundle_becomes_the_new_ca()
    {
        var ca = NewCa();
        Assert.That(Thumbprints(CaBundle.Merge(ca, null, time.GetUtcNow())), Is.EqualTo(new[] { Thumbprint(ca) }));
    }

    [Test]
    public void The_new_ca_goes_first_and_only_the_newest_previous_one_stays()
    {
        var (oldest, previous, next) = (NewCa(), NewCa(), NewCa());
        var bundle = CaBundle.Merge(previous, CaBundle.Merge(oldest, null, time.GetUtcNow()), time.GetUtcNow());
        var merged = CaBundle.Merge(next, bundle, time.GetUtcNow());
        Assert.That(Thumbprints(merged), Is.EqualTo(new[] { Thumbprint(next), Thumbprint(previous) }));
        Assert.That(CaBundle.Contains(merged, next) && CaBundle.Contains(merged, previous) && !CaBundle.Contains(merged, oldest), Is.True);
    }

    [Test]
    public void Expired_duplicate_and_unreadable_entries_are_dropped()
    {
        var expired = NewCa(TimeSpan.FromMinutes(1));
        var next = NewCa();
        time.Advance(TimeSpan.FromMinutes(2));
        var existing = Encoding.ASCII.GetBytes(next + "\n" + expired);
        Assert.That(Thumbprints(CaBundle.Merge(next, existing, time.GetUtcNow())), Is.EqualTo(new[] { Thumbprint(next) }));
        Assert.That(Thumbprints(CaBundle.Merge(next, Encoding.ASCII.GetBytes("hand-edited junk"), time.GetUtcNow())), Is.EqualTo(new[] { Thumbprint(next) }));
        Assert.That(CaBundle.Contains(Encoding.ASCII.GetBytes("junk"), next), Is.False);
    }
}
