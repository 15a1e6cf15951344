using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SparkOperator.Framework.Health;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>The framework's readiness and liveness checks against a real API server that goes away and comes back.</summary>
[NonParallelizable]
public class HealthCheckTests : WidgetTest
{
    [Test]
    public async Task Readiness_fails_while_the_api_server_is_down_past_the_threshold_and_recovers_with_it_while_liveness_holds()
    {
        TestCluster.RequireOwnCluster();
        var op = await StartOperatorAsync(configure: o => o.Health = HealthThresholds.For(o) with { InformerFailing = TimeSpan.FromSeconds(3) });
        await CreateAsync("w1", "before");
        await StatusOfAsync("w1", "before");
        Assert.That((await CheckAsync(op, "ready")).Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That((await CheckAsync(op, "live")).Status, Is.EqualTo(HealthStatus.Healthy));

        Saw("stopping kube-apiserver");
        TestCluster.Stop("kube-apiserver");
        try
        {
            var down = await Eventually.ValueAsync(
                async () => await CheckAsync(op, "ready") is { Status: HealthStatus.Unhealthy } report ? report : null,
                _ => true,
                "readiness to fail once the informers have failed for 3 s",
                TimeSpan.FromSeconds(30),
                Seen);
            Saw($"readiness: {down.Entries["informers"].Description}");
            Assert.That(down.Entries["informers"].Description, Does.Contain("failing for"));
            Assert.That((await CheckAsync(op, "live")).Status, Is.EqualTo(HealthStatus.Healthy), "the loops keep trying: a restart would not help");
        }
        finally
        {
            Saw("starting kube-apiserver again");
            await ApiServer.RestartAsync(Client, () => Widgets.ListAsync(Namespace));
        }

        await Eventually.UntilAsync(async () => (await CheckAsync(op, "ready")).Status == HealthStatus.Healthy, "readiness once the watches are back", TimeSpan.FromSeconds(30), Seen);
        await SetMessageAsync("w1", "after");
        await StatusOfAsync("w1", "after");
    }

    private static Task<HealthReport> CheckAsync(TestOperator op, string tag) =>
        op.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains(tag));
}
