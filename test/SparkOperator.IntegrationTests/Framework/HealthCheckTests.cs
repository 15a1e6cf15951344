using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SparkOperator.Framework.Health;
using SparkOperator.Framework.Informers;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>
/// The framework's readiness and liveness checks while the informers' watches are refused (at the
/// client, by <see cref="WatchGate"/>: stopping kube-apiserver itself slows the kit's controller
/// manager down for the tests after it), with real LISTs, events and bookmarks otherwise.
/// </summary>
public class HealthCheckTests : WidgetTest
{
    [Test]
    public async Task Readiness_fails_once_the_watches_have_failed_past_the_threshold_and_recovers_with_them_while_liveness_holds()
    {
        WatchGate? gate = null;
        var op = await StartOperatorAsync(
            configure: o => o.Health = HealthThresholds.For(o) with { InformerFailing = TimeSpan.FromSeconds(3) },
            services: s => s.Replace(ServiceDescriptor.Singleton<IWatchSourceFactory>(sp => gate = new WatchGate(sp.GetRequiredService<k8s.IKubernetes>()))));
        await CreateAsync("w1", "before");
        await StatusOfAsync("w1", "before");
        Assert.That((await CheckAsync(op, "ready")).Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That((await CheckAsync(op, "live")).Status, Is.EqualTo(HealthStatus.Healthy));

        Saw("refusing every watch");
        gate!.Refuse();
        var down = await Eventually.ValueAsync(
            async () => await CheckAsync(op, "ready") is { Status: HealthStatus.Unhealthy } report ? report : null,
            _ => true,
            "readiness to fail once the watches have failed for 3 s",
            TimeSpan.FromSeconds(30),
            Seen);
        Saw($"readiness: {down.Entries["informers"].Description}");
        Assert.That(down.Entries["informers"].Description, Does.Match(@"Widget in .*: failing for \d+ s \(\d+ consecutive failures\)"));
        Assert.That((await CheckAsync(op, "live")).Status, Is.EqualTo(HealthStatus.Healthy), "the loops keep trying: a restart would not help");

        Saw("watches allowed again; a change makes both informers deliver");
        gate.Open();
        await SetMessageAsync("w1", "after");
        await StatusOfAsync("w1", "after");
        await Eventually.UntilAsync(async () => (await CheckAsync(op, "ready")).Status == HealthStatus.Healthy, "readiness once the watches deliver again", TimeSpan.FromSeconds(90), Seen);
        Assert.That((await CheckAsync(op, "live")).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    private static Task<HealthReport> CheckAsync(TestOperator op, string tag) =>
        op.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(tag));
}
