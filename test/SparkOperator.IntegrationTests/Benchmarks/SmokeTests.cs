using SparkOperator.Benchmarks.Scenarios;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Benchmarks;

/// <summary>
/// The fault benchmark, small: 50 applications through one SIGKILL of the operator. It starts its own
/// cluster with KUBEBOX_RUNNER=off (the benchmark plays spark-submit; the shared test cluster's real
/// runner would race it) and the built operator as its own process, and takes both down. Asserts
/// correctness only (exactly once, nothing left behind), never time.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SmokeTests
{
    [Test]
    [CancelAfter(600_000)]
    public async Task Fifty_applications_through_an_operator_kill_run_exactly_once_and_leave_nothing(CancellationToken cancellationToken)
    {
        TestCluster.Require();
        var options = new FaultOptions { Apps = 50, OperatorKills = 1, RestartControlPlane = false, KillLeader = false, Nodes = 4 };

        var report = await FaultBenchmark.RunAsync(options, cancellationToken);

        TestContext.Out.WriteLine(FaultBenchmark.Markdown(options, report));
        Assert.Multiple(() =>
        {
            Assert.That(report.Terminal, Is.EqualTo(50), "every application ends in a terminal phase");
            Assert.That(report.Succeeded, Is.EqualTo(50), "the fake spark-submit makes every driver succeed");
            Assert.That(report.Violations, Is.Empty, "exactly one submit Job and one driver per attempt");
            Assert.That(report.Jobs, Is.EqualTo(report.Attempts));
            Assert.That(report.Drivers, Is.EqualTo(report.Attempts));
            Assert.That(report.DuplicateDriverSubmissions, Is.Zero, "no attempt was submitted twice");
            Assert.That(report.AllDeleted, Is.True, "every application's finalizer finished");
            Assert.That(report.LeftBehind, Is.Empty, "no pod, ConfigMap, Service, RBAC object or Job left");
            Assert.That(report.Faults, Has.Count.EqualTo(1));
            Assert.That(report.Faults[0].RecoveredAfter, Is.Not.Null, "the restarted operator made progress");
        });
    }
}
