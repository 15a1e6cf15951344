using System.CommandLine;
using SparkOperator.Benchmarks.Pure;
using SparkOperator.Benchmarks.Scenarios;

// Each part runs with one command; results go to stdout as markdown, progress to stderr.
var apps = new Option<int>("--apps") { Description = "Applications in the burst (load) or the run (fault).", DefaultValueFactory = _ => 0 };
var concurrency = new Option<int>("--concurrency") { Description = "Creates in flight (also submit-baseline's -c).", DefaultValueFactory = _ => 16 };
var nodes = new Option<int>("--nodes") { Description = "Fake nodes (110 pods each).", DefaultValueFactory = _ => 0 };
var steady = new Option<int>("--steady-apps") { Description = "Applications tracked in the steady state (0 skips it).", DefaultValueFactory = _ => 5000 };
var steadyRunning = new Option<int>("--steady-running") { Description = "Of those, applications whose driver keeps running.", DefaultValueFactory = _ => 1000 };
var idle = new Option<int>("--idle-apps") { Description = "Applications for the idle latency, one at a time.", DefaultValueFactory = _ => 20 };
var workers = new Option<string?>("--workers") { Description = "Operator:Workers for the operator (default: the operator's own)." };
var hookRate = new Option<double>("--webhook-rate") { Description = "AdmissionReviews per second.", DefaultValueFactory = _ => 200 };
var hookSeconds = new Option<int>("--webhook-seconds") { Description = "Seconds of webhook load.", DefaultValueFactory = _ => 30 };
var kills = new Option<int>("--kills") { Description = "Operator SIGKILLs.", DefaultValueFactory = _ => 3 };
var noControlPlane = new Option<bool>("--no-control-plane-restarts") { Description = "Skip the API server and etcd restarts." };
var noLeader = new Option<bool>("--no-leader-kill") { Description = "Skip the two-replica leader kill." };
var requests = new Option<int>("--requests") { Description = "Hostile requests.", DefaultValueFactory = _ => 10_000 };

var load = new Command("load", "Idle latency, webhook latency, burst between two submit-baselines, lifecycle writes, steady state.")
{
    apps, concurrency, nodes, steady, steadyRunning, idle, workers, hookRate, hookSeconds,
};
load.SetAction((r, ct) => LoadBenchmark.RunAsync(
    new LoadOptions
    {
        Apps = r.GetValue(apps) is > 0 and var a ? a : 1000,
        Concurrency = r.GetValue(concurrency),
        Nodes = r.GetValue(nodes) is > 0 and var n ? n : 20,
        SteadyApps = r.GetValue(steady),
        SteadyRunning = r.GetValue(steadyRunning),
        IdleApps = r.GetValue(idle),
        Workers = r.GetValue(workers),
        WebhookRate = r.GetValue(hookRate),
        WebhookSeconds = r.GetValue(hookSeconds),
    },
    ct));

var fault = new Command("fault", "Applications through operator kills, API server and etcd restarts and a leader kill; exactly-once and clean-up counts.")
{
    apps, nodes, kills, noControlPlane, noLeader,
};
fault.SetAction(async (r, ct) =>
{
    var options = new FaultOptions
    {
        Apps = r.GetValue(apps) is > 0 and var a ? a : 200,
        Nodes = r.GetValue(nodes) is > 0 and var n ? n : 10,
        OperatorKills = r.GetValue(kills),
        RestartControlPlane = !r.GetValue(noControlPlane),
        KillLeader = !r.GetValue(noLeader),
    };
    var report = await FaultBenchmark.RunAsync(options, ct);
    Console.WriteLine(FaultBenchmark.Markdown(options, report));
    return report.Violations.Count == 0 && report.LeftBehind.Count == 0 && report.AllDeleted ? 0 : 1;
});

var badInput = new Command("badinput", "Hostile requests at the webhook: 400s and denials, no 5xx, no crash, memory back; then pathological values in every pattern-checked field at --webhook-rate for --webhook-seconds.")
{
    requests, hookRate, hookSeconds,
};
badInput.SetAction((r, ct) => BadInputBenchmark.RunAsync(r.GetValue(requests), r.GetValue(hookRate), r.GetValue(hookSeconds), ct));

var pure = new Command("pure", "BenchmarkDotNet (ShortRun): SubmissionBuilder.Build and the admission validator, time and allocations.");
pure.TreatUnmatchedTokensAsErrors = false;
pure.SetAction(r => PureBenchmarks.Run([.. r.UnmatchedTokens]));

var root = new RootCommand("SparkOperator benchmarks: load, fault, badinput, pure.") { load, fault, badInput, pure };
return await root.Parse(args).InvokeAsync();
