using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Scheduling;
using SparkOperator.Spark;

namespace SparkOperator.IntegrationTests.Scheduling;

/// <summary>
/// ScheduledSparkApplications on the kit, with real spark-submit for their runs. The schedule is
/// daily; the operator's schedule clock (<see cref="ShiftedClock"/>) is moved to just past each
/// tick and the scheduled application touched, so each tick happens when the test says.
/// </summary>
[Category("NeedsKwok")]
public class ScheduledSparkApplicationTests : SparkApplicationTest
{
    private ShiftedClock clock = null!;

    private CustomResourceClient<ScheduledSparkApplication> Scheduled => new(Client, "integration-tests");

    private CustomResourceClient<SparkApplication> Apps => new(Client, "integration-tests");

    [SetUp]
    public void RequireKitAndStartTheClockAtNow()
    {
        TestCluster.RequireKwok();
        clock = new ShiftedClock();
    }

    [Test]
    public async Task Ticks_create_one_run_each_and_finished_runs_beyond_the_limit_are_deleted()
    {
        await StartOperatorAsync(new OperatorStart { Services = clock.Register });
        await ApplyAsync(Daily("daily", s => s["successfulRunHistoryLimit"] = 1));
        var first = await NextTickAsync("daily");

        var run1 = await TickAsync("daily", first);
        await WaitForPhaseAsync(run1, ApplicationPhase.Succeeded, TimeSpan.FromSeconds(120));
        await WaitForScheduledAsync("daily", s => s.Status?.LastRuns?.Any(r => r.Name == run1 && r.Phase == ApplicationPhase.Succeeded) == true, $"to show {run1} Succeeded");

        var run2 = await TickAsync("daily", first.AddDays(1));
        await WaitForPhaseAsync(run2, ApplicationPhase.Succeeded, TimeSpan.FromSeconds(120));
        await Eventually.UntilAsync(async () => await GetAppAsync(run1) is null, $"{run1} to be deleted beyond successfulRunHistoryLimit 1", TimeSpan.FromSeconds(60), Seen);

        var scheduled = await WaitForScheduledAsync("daily", s => s.Status?.LastRuns?.SingleOrDefault()?.Name == run2, "to keep only the newest run");
        var runs = await RunsAsync("daily");
        var events = await EventsOnceAsync("daily", "HistoryTrimmed");
        var table = await Kubectl.ExpectAsync(0, ["get", "scheduledsparkapp", "-n", Namespace]);
        TestContext.Out.WriteLine(table);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.Name()), Is.EqualTo(new[] { run2 }));
            var owner = runs[0].Metadata.OwnerReferences.Single();
            Assert.That((owner.Kind, owner.Uid, owner.Controller), Is.EqualTo((ScheduledSparkApplication.KindName, scheduled.Uid(), (bool?)true)));
            Assert.That(runs[0].Metadata.Labels["team"], Is.EqualTo("analytics"), "template labels reach the run");
            Assert.That(scheduled.Status!.LastScheduleTime, Is.EqualTo(first.AddDays(1)));
            Assert.That(scheduled.Status.LastRunName, Is.EqualTo(run2));
            Assert.That(scheduled.Status.Active, Is.Null.Or.Empty);
            Assert.That(scheduled.Status.ObservedGeneration, Is.EqualTo(scheduled.Metadata.Generation));
            Assert.That(scheduled.Status.NextScheduleTime, Is.EqualTo(first.AddDays(2)));
            Assert.That(events.Count(e => e.Reason == "RunCreated"), Is.EqualTo(2));
            Assert.That(events.Count(e => e.Reason == "RunSucceeded"), Is.EqualTo(2));
            Assert.That(table, Does.Match($@"(?m)^daily\s+0 3 \* \* \*\s+\S+\s+{first.AddDays(2):yyyy-MM-ddTHH:mm:ssZ}\s+\S+"), "printer columns: schedule, suspend (unset), last run, next run, age");
        });
    }

    [Test]
    public async Task Forbid_skips_a_tick_while_its_run_is_active_and_Replace_deletes_it_for_the_new_one()
    {
        await StartOperatorAsync(new OperatorStart { Services = clock.Register });
        await ApplyAsync(
        [
            Daily("forbid", s => s["concurrencyPolicy"] = "Forbid", outcome: null),
            Daily("replace", s => s["concurrencyPolicy"] = "Replace", outcome: null),
        ]);
        var first = await NextTickAsync("forbid");
        Assert.That(await NextTickAsync("replace"), Is.EqualTo(first));

        var forbidRun = await TickAsync("forbid", first, touch: ["replace"]);
        var replacedRun = RunNames.For("replace", first);
        foreach (var name in new[] { "forbid", "replace" })
        {
            // Active in the operator's cache before the next tick.
            await WaitForScheduledAsync(name, s => s.Status?.Active?.Count == 1, "to count its run active");
        }

        clock.MoveTo(first.AddDays(1).AddSeconds(2));
        await TouchAsync("forbid");
        await TouchAsync("replace");
        var forbid = await WaitForScheduledAsync("forbid", s => s.Status?.LastSkippedTime == first.AddDays(1), "to skip the second tick");
        var replacement = RunNames.For("replace", first.AddDays(1));
        await Eventually.UntilAsync(async () => await GetAppAsync(replacement) is not null && await GetAppAsync(replacedRun) is null, $"{replacement} to replace {replacedRun}", TimeSpan.FromSeconds(90), Seen);
        var skipped = await EventsOnceAsync("forbid", "TickSkipped");
        var replaced = await EventsOnceAsync("replace", "RunReplaced");

        Assert.Multiple(async () =>
        {
            Assert.That((await RunsAsync("forbid")).Select(r => r.Name()), Is.EqualTo(new[] { forbidRun }));
            Assert.That((await RunsAsync("replace")).Select(r => r.Name()), Is.EqualTo(new[] { replacement }));
            var condition = forbid.Status!.Conditions!.Single(c => c.Type == SchedulePlanner.SkippedCondition);
            Assert.That((condition.Status, condition.Reason), Is.EqualTo(("True", "ConcurrencyForbid")));
            Assert.That(skipped.Single(e => e.Reason == "TickSkipped").Message, Does.Contain(forbidRun));
            Assert.That(replaced.Single(e => e.Reason == "RunReplaced").Message, Does.Contain(replacedRun));
        });
    }

    [Test]
    public async Task A_restart_at_a_tick_and_two_operators_at_the_next_make_one_run_per_tick()
    {
        var first = await StartOperatorAsync(new OperatorStart { Identity = "first", Services = clock.Register });
        await ApplyAsync(Daily("restart"));
        var tick = await NextTickAsync("restart");
        await first.DisposeAsync();

        // The run as an operator that crashed between its create and its status write left it.
        clock.MoveTo(tick.AddSeconds(2));
        var scheduled = (await Scheduled.GetAsync(Namespace, "restart"))!;
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(RunBuilder.Build(scheduled, tick), SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural);
        Saw($"run of {tick:u} created as a crashed operator left it");
        var second = await StartOperatorAsync(new OperatorStart { Identity = "second", Services = clock.Register });
        var repaired = await WaitForScheduledAsync("restart", s => s.Status?.LastScheduleTime == tick, "to record the tick's run it found");

        // Two operators without leader election, both at the next tick: the API server lets one create its run.
        var third = await StartOperatorAsync(new OperatorStart { Identity = "third", Services = clock.Register });
        clock.MoveTo(tick.AddDays(1).AddSeconds(2));
        await TouchAsync("restart");
        var next = await WaitForScheduledAsync("restart", s => s.Status?.LastScheduleTime == tick.AddDays(1), "to run the next tick");
        await Eventually.UntilAsync(async () => (await EventsAboutAsync("restart")).Any(e => e.Reason == "RunCreated"), "the RunCreated event", describe: Seen);
        var runs = await RunsAsync("restart");
        var created = (await EventsAboutAsync("restart")).Where(e => e.Reason == "RunCreated").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.Name()).Order(), Is.EqualTo(new[] { RunNames.For("restart", tick), RunNames.For("restart", tick.AddDays(1)) }.Order()));
            Assert.That(repaired.Status!.LastRunName, Is.EqualTo(RunNames.For("restart", tick)));
            Assert.That(created.Sum(e => e.Count ?? 1), Is.EqualTo(1), "one RunCreated: the tick of the crash was not created again, the next one once");
            Assert.That(created.Single().Message, Does.Contain(RunNames.For("restart", tick.AddDays(1))));
            Assert.That(next.Status!.LastRunName, Is.EqualTo(RunNames.For("restart", tick.AddDays(1))));
        });
        await second.DisposeAsync();
        await third.DisposeAsync();
    }

    [Test]
    public async Task The_webhook_refuses_a_bad_schedule_and_a_bad_template_with_their_field_paths()
    {
        await StartOperatorAsync(new OperatorStart { Webhook = true, Controllers = false });
        var bad = Daily("bad", s =>
        {
            s["schedule"] = "0 25 * * *";
            s["timeZone"] = "Mars/Olympus";
            s["template"]!["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "host", ["hostPath"] = new JsonObject { ["path"] = "/etc" } });
            s["template"]!["spec"]!["mainClass"] = null;
        });

        var (code, output) = await Kubectl.RunAsync(["apply", "-n", Namespace, "-f", "-"], TestManifests.ToList([bad]));
        Saw($"kubectl apply: {code} {output}");
        var sample = await Kubectl.ExpectAsync(0, ["apply", "--dry-run=server", "-n", Namespace, "-f", RepositoryFiles.Path("samples", "scheduled-spark-pi.yaml")]);

        Assert.Multiple(async () =>
        {
            Assert.That(code, Is.Not.Zero);
            Assert.That(output, Does.Contain("The ScheduledSparkApplication \"bad\" is invalid"));
            Assert.That(output, Does.Contain("spec.schedule: '0 25 * * *' is not a valid cron expression"));
            Assert.That(output, Does.Contain("spec.timeZone: 'Mars/Olympus' is not a known IANA time zone"));
            Assert.That(output, Does.Contain("spec.template.spec.volumes[0].hostPath:"));
            Assert.That(output, Does.Contain("spec.template.spec.mainClass:"));
            Assert.That(await Scheduled.GetAsync(Namespace, "bad"), Is.Null);
            Assert.That(sample, Does.Contain("scheduledsparkapplication.sparkoperator.dev/nightly-spark-pi created (server dry run)"));
        });
    }

    [Test]
    public async Task Without_the_webhook_the_controller_refuses_a_bad_spec_once_and_creates_nothing()
    {
        await StartOperatorAsync(new OperatorStart { Services = clock.Register });
        await ApplyAsync(Daily("invalid", s => s["schedule"] = "61 * * * *"));

        var scheduled = await WaitForScheduledAsync("invalid", s => s.Status?.Conditions?.Any(c => c.Reason == "InvalidSpec") == true, "to be refused");
        var events = await EventsOnceAsync("invalid", "InvalidSpec");
        clock.MoveTo(DateTime.UtcNow.AddDays(1));
        await TouchAsync("invalid");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Multiple(async () =>
        {
            Assert.That(scheduled.Status!.Message, Does.Contain("spec.schedule: '61 * * * *' is not a valid cron expression"));
            Assert.That(scheduled.Status.NextScheduleTime, Is.Null);
            Assert.That(events.Count(e => e.Reason == "InvalidSpec"), Is.EqualTo(1));
            Assert.That(await RunsAsync("invalid"), Is.Empty);
        });
    }

    /// <summary>A daily ScheduledSparkApplication at 03:00 UTC running SparkPi, its driver ending with <paramref name="outcome"/> (null: runs until stopped).</summary>
    private static JsonObject Daily(string name, Action<JsonObject>? spec = null, string? outcome = "succeed")
    {
        var template = TestManifests.SparkPi(name, outcome);
        var scheduled = new JsonObject
        {
            ["apiVersion"] = SparkApplication.ApiVersionString,
            ["kind"] = ScheduledSparkApplication.KindName,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["schedule"] = "0 3 * * *",
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "analytics" } },
                    ["spec"] = template["spec"]!.DeepClone(),
                },
            },
        };
        spec?.Invoke(scheduled["spec"]!.AsObject());
        return scheduled;
    }

    /// <summary>The next tick the controller has planned (its first status).</summary>
    private async Task<DateTime> NextTickAsync(string name) =>
        (await WaitForScheduledAsync(name, s => s.Status?.NextScheduleTime is not null, "to plan its next tick")).Status!.NextScheduleTime!.Value;

    /// <summary>Moves the schedule clock just past <paramref name="tick"/>, wakes the controller, and waits for the tick's run.</summary>
    private async Task<string> TickAsync(string name, DateTime tick, IReadOnlyList<string>? touch = null)
    {
        clock.MoveTo(tick.AddSeconds(2));
        Saw($"schedule clock moved to {tick:u} + 2 s");
        foreach (var other in touch ?? [])
        {
            await TouchAsync(other);
        }

        await TouchAsync(name);
        var run = RunNames.For(name, tick);
        await Eventually.UntilAsync(async () => await GetAppAsync(run) is not null, $"the run {run}", TimeSpan.FromSeconds(30), Seen);
        return run;
    }

    /// <summary>An annotation change wakes the controller, as any metadata edit would.</summary>
    private async Task TouchAsync(string name) =>
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["test/touched"] = DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) } } }.ToJsonString(), V1Patch.PatchType.MergePatch),
            SparkApplication.GroupName, SparkApplication.Version, Namespace, ScheduledSparkApplication.Plural, name);

    private Task<ScheduledSparkApplication> WaitForScheduledAsync(string name, Func<ScheduledSparkApplication, bool> predicate, string what) =>
        Eventually.ValueAsync(() => Scheduled.GetAsync(Namespace, name), predicate, $"{name} {what}", TimeSpan.FromSeconds(60), Seen);

    /// <summary>The runs carrying the scheduled application's label.</summary>
    private async Task<IReadOnlyList<SparkApplication>> RunsAsync(string name) =>
        await Apps.ListAsync(Namespace, $"{OwnedScheduleNames.ScheduledAppLabel}={RunNames.Label(name)}");
}
