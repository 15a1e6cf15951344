using Microsoft.Extensions.Time.Testing;
using SparkOperator.Entities;
using SparkOperator.Scheduling;

namespace SparkOperator.Tests.Scheduling;

/// <summary>The schedule's decisions on a virtual clock: every five minutes, created at 10:00:30 UTC.</summary>
public class SchedulePlannerTests
{
    private static readonly DateTime Tick1005 = new(2026, 12, 1, 10, 5, 0, DateTimeKind.Utc);
    private static readonly DateTime Tick1010 = Tick1005.AddMinutes(5);

    private FakeTimeProvider clock = null!;

    [SetUp]
    public void StartClock() => clock = new FakeTimeProvider(new DateTimeOffset(ScheduledFixtures.Created));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private SchedulePlan Plan(ScheduledSparkApplication app, params ObservedRun[] runs)
    {
        Assert.That(CronSchedule.TryParse(app.Spec.Schedule, app.Spec.TimeZone, out var schedule, out _), Is.True);
        return SchedulePlanner.Plan(app, schedule!, runs, Now);
    }

    /// <summary>What the controller leaves behind: the plan's status stored.</summary>
    private static ScheduledSparkApplication After(ScheduledSparkApplication app, SchedulePlan plan)
    {
        app.Status = plan.Status;
        return app;
    }

    private static ObservedRun Run(DateTime tick, ApplicationPhase? phase = ApplicationPhase.Running) =>
        new(RunNames.For("nightly", tick), tick, phase, phase is ApplicationPhase.Succeeded or ApplicationPhase.Failed ? tick.AddMinutes(1) : null);

    [Test]
    public void Before_the_first_tick_nothing_runs_and_the_controller_wakes_at_the_tick()
    {
        var plan = Plan(ScheduledFixtures.Create());

        Assert.That(plan.CreateFor, Is.Null);
        Assert.That(plan.Status.NextScheduleTime, Is.EqualTo(Tick1005));
        Assert.That(plan.RequeueAfter, Is.EqualTo(Tick1005 - Now));
        Assert.That(plan.Status.ObservedGeneration, Is.EqualTo(1));
    }

    [Test]
    public void At_the_tick_one_run_is_created_and_the_next_tick_is_planned()
    {
        var app = ScheduledFixtures.Create();
        clock.SetUtcNow(Tick1005);

        var plan = Plan(app);

        Assert.That(plan.CreateFor, Is.EqualTo(Tick1005));
        Assert.That(plan.Status.LastScheduleTime, Is.EqualTo(Tick1005));
        Assert.That(plan.Status.LastRunName, Is.EqualTo(RunNames.For("nightly", Tick1005)));
        Assert.That(plan.Status.Active!.Single().Name, Is.EqualTo(RunNames.For("nightly", Tick1005)));
        Assert.That(plan.Status.NextScheduleTime, Is.EqualTo(Tick1010));
        Assert.That(plan.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(plan.Events, Is.Empty, "RunCreated is recorded by whoever creates the run");
        Assert.That(SchedulePlanner.CreatedEvent(plan.Status.LastRunName!, Tick1005).Message, Does.Contain(plan.Status.LastRunName));

        // The same instant again, from the written status: done.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Plan(After(app, plan), Run(Tick1005)).CreateFor, Is.Null);
    }

    [Test]
    public void A_run_that_exists_is_the_ticks_run_even_when_the_status_write_was_lost()
    {
        clock.SetUtcNow(Tick1005.AddSeconds(3));

        var plan = Plan(ScheduledFixtures.Create(), Run(Tick1005));

        Assert.That(plan.CreateFor, Is.Null, "the name is the tick's: a restarted operator finds it made");
        Assert.That(plan.Status.LastScheduleTime, Is.EqualTo(Tick1005), "the status is repaired");
        Assert.That(plan.Events, Is.Empty);
    }

    [Test]
    public void Run_names_are_a_function_of_the_tick_and_fit_a_label_value()
    {
        Assert.That(RunNames.For("nightly", Tick1005), Is.EqualTo($"nightly-{new DateTimeOffset(Tick1005).ToUnixTimeSeconds() / 60}"));
        var longName = new string('a', 120);
        var name = RunNames.For(longName, Tick1005);
        Assert.That(name, Has.Length.LessThanOrEqualTo(63));
        Assert.That(name, Is.EqualTo(RunNames.For(longName, Tick1005)));
        Assert.That(name, Is.Not.EqualTo(RunNames.For(longName + "b", Tick1005)), "a cut name carries a hash of the whole");
        Assert.That(name, Is.Not.EqualTo(RunNames.For(longName, Tick1010)));
    }

    [Test]
    public void After_an_outage_only_the_newest_missed_tick_runs()
    {
        clock.SetUtcNow(Tick1005.AddMinutes(42));

        var plan = Plan(ScheduledFixtures.Create());

        Assert.That(plan.CreateFor, Is.EqualTo(Tick1005.AddMinutes(40)));
        Assert.That(plan.Status.NextScheduleTime, Is.EqualTo(Tick1005.AddMinutes(45)));
    }

    [Test]
    public void A_tick_past_the_starting_deadline_is_skipped_and_reported_once()
    {
        var app = ScheduledFixtures.Create(change: s => s.StartingDeadlineSeconds = 60);
        clock.SetUtcNow(Tick1005.AddSeconds(61));

        var plan = Plan(app);

        Assert.That(plan.CreateFor, Is.Null);
        Assert.That(plan.Status.LastSkippedTime, Is.EqualTo(Tick1005));
        var skipped = plan.Status.Conditions!.Single(c => c.Type == SchedulePlanner.SkippedCondition);
        Assert.That((skipped.Status, skipped.Reason), Is.EqualTo(("True", "MissedDeadline")));
        Assert.That(plan.Events.Single().Reason, Is.EqualTo("TickSkipped"));
        Assert.That(plan.Events.Single().Message, Does.Contain("startingDeadlineSeconds (60)"));

        clock.Advance(TimeSpan.FromSeconds(30));
        var again = Plan(After(app, plan));
        Assert.That(again.Events, Is.Empty, "a skipped tick is handled: not reported again");
        Assert.That(again.CreateFor, Is.Null);
    }

    [Test]
    public void Within_the_starting_deadline_a_late_tick_still_runs()
    {
        clock.SetUtcNow(Tick1005.AddSeconds(59));

        Assert.That(Plan(ScheduledFixtures.Create(change: s => s.StartingDeadlineSeconds = 60)).CreateFor, Is.EqualTo(Tick1005));
    }

    [Test]
    public void Forbid_skips_a_tick_while_a_run_is_active()
    {
        var app = ScheduledFixtures.Create(change: s => s.ConcurrencyPolicy = ConcurrencyPolicy.Forbid);
        clock.SetUtcNow(Tick1010);

        var plan = Plan(app, Run(Tick1005));

        Assert.That(plan.CreateFor, Is.Null);
        Assert.That(plan.Status.LastSkippedTime, Is.EqualTo(Tick1010));
        Assert.That(plan.Status.Conditions!.Single(c => c.Type == SchedulePlanner.SkippedCondition).Reason, Is.EqualTo("ConcurrencyForbid"));
        Assert.That(plan.DeleteActive, Is.Empty);

        // Once the active run has finished, the next tick runs.
        clock.SetUtcNow(Tick1010.AddMinutes(5));
        Assert.That(Plan(After(app, plan), Run(Tick1005, ApplicationPhase.Succeeded)).CreateFor, Is.EqualTo(Tick1010.AddMinutes(5)));
    }

    [Test]
    public void Replace_deletes_the_active_runs_and_creates_the_new_one()
    {
        clock.SetUtcNow(Tick1010);

        var plan = Plan(ScheduledFixtures.Create(change: s => s.ConcurrencyPolicy = ConcurrencyPolicy.Replace), Run(Tick1005), Run(Tick1005.AddMinutes(-5), ApplicationPhase.Succeeded));

        Assert.That(plan.CreateFor, Is.EqualTo(Tick1010));
        Assert.That(plan.DeleteActive, Is.EqualTo(new[] { RunNames.For("nightly", Tick1005) }), "finished runs are not replaced");
        Assert.That(plan.Status.Active!.Select(r => r.Name), Is.EqualTo(new[] { RunNames.For("nightly", Tick1010) }));
        Assert.That(plan.DeletionEvents.Select(e => e.Reason), Is.EqualTo(new[] { "RunReplaced" }));
    }

    [Test]
    public void Allow_runs_alongside_an_active_run()
    {
        clock.SetUtcNow(Tick1010);

        var plan = Plan(ScheduledFixtures.Create(), Run(Tick1005));

        Assert.That(plan.CreateFor, Is.EqualTo(Tick1010));
        Assert.That(plan.DeleteActive, Is.Empty);
        Assert.That(plan.Status.Active!.Select(r => r.Name), Is.EqualTo(new[] { RunNames.For("nightly", Tick1005), RunNames.For("nightly", Tick1010) }));
    }

    [Test]
    public void History_keeps_the_newest_runs_of_each_outcome_within_the_limits()
    {
        var app = ScheduledFixtures.Create(change: s => s.FailedRunHistoryLimit = 2);
        clock.SetUtcNow(Tick1005.AddMinutes(31));
        var runs = Enumerable.Range(0, 6).Select(i => Run(Tick1005.AddMinutes(5 * i), i % 2 == 0 ? ApplicationPhase.Succeeded : ApplicationPhase.Failed)).ToArray();

        var plan = Plan(app, runs);

        // Succeeded at 0, 2, 4: keep 4 (default limit 1). Failed at 1, 3, 5: keep 5 and 3.
        Assert.That(plan.Trim, Is.EquivalentTo(new[] { runs[0].Name, runs[2].Name, runs[1].Name }));
        Assert.That(plan.Status.LastRuns!.Select(r => (r.Name, r.Phase)), Is.EqualTo(new[]
        {
            (runs[5].Name, (ApplicationPhase?)ApplicationPhase.Failed),
            (runs[4].Name, ApplicationPhase.Succeeded),
            (runs[3].Name, ApplicationPhase.Failed),
        }));
        Assert.That(plan.DeletionEvents.Select(e => e.Reason), Does.Contain("HistoryTrimmed"));
    }

    [Test]
    public void A_limit_of_zero_keeps_no_finished_run()
    {
        clock.SetUtcNow(Tick1005.AddMinutes(1));

        var plan = Plan(ScheduledFixtures.Create(change: s => s.SuccessfulRunHistoryLimit = 0), Run(Tick1005, ApplicationPhase.Succeeded));

        Assert.That(plan.Trim, Is.EqualTo(new[] { Run(Tick1005).Name }));
        Assert.That(plan.Status.LastRuns, Is.Null);
    }

    [Test]
    public void A_run_seen_ending_is_reported_once_with_its_outcome()
    {
        var app = ScheduledFixtures.Create(change: s => s.FailedRunHistoryLimit = 3);
        clock.SetUtcNow(Tick1005);
        var started = Plan(app);
        clock.Advance(TimeSpan.FromMinutes(2));

        var ended = Plan(After(app, started), Run(Tick1005, ApplicationPhase.Failed));

        Assert.That(ended.Events.Single().Reason, Is.EqualTo("RunFailed"));
        Assert.That(ended.Status.Active, Is.Null);
        Assert.That(ended.Status.LastRuns!.Single().CompletionTime, Is.EqualTo(Tick1005.AddMinutes(1)));
        Assert.That(Plan(After(app, ended), Run(Tick1005, ApplicationPhase.Failed)).Events, Is.Empty);
    }

    [Test]
    public void Suspended_creates_nothing_has_no_next_tick_and_still_trims()
    {
        var app = ScheduledFixtures.Create(change: s => s.Suspend = true);
        clock.SetUtcNow(Tick1010);

        var plan = Plan(app, Run(Tick1005, ApplicationPhase.Succeeded), Run(Tick1005.AddMinutes(-5), ApplicationPhase.Succeeded));

        Assert.That(plan.CreateFor, Is.Null);
        Assert.That(plan.Status.NextScheduleTime, Is.Null);
        Assert.That(plan.RequeueAfter, Is.Null, "nothing to wake for until the spec changes");
        Assert.That(plan.Trim, Has.Count.EqualTo(1));
        Assert.That(plan.Status.Conditions!.Single(c => c.Type == SchedulePlanner.SchedulingCondition).Reason, Is.EqualTo("Suspended"));
    }

    [Test]
    public void Resumed_after_a_suspension_runs_the_newest_missed_tick_unless_past_its_deadline()
    {
        clock.SetUtcNow(Tick1010.AddMinutes(2));
        Assert.That(Plan(ScheduledFixtures.Create()).CreateFor, Is.EqualTo(Tick1010));
        Assert.That(Plan(ScheduledFixtures.Create(change: s => s.StartingDeadlineSeconds = 60)).CreateFor, Is.Null);
    }

    [Test]
    public void The_time_zone_decides_the_tick()
    {
        clock.SetUtcNow(Tick1005);

        // 11:05 in Berlin is 10:05 UTC in December.
        Assert.That(Plan(ScheduledFixtures.Create("5 11 * * *", s => s.TimeZone = "Europe/Berlin")).CreateFor, Is.EqualTo(Tick1005));
        var utc = Plan(ScheduledFixtures.Create("5 11 * * *"));
        Assert.That(utc.CreateFor, Is.Null);
        Assert.That(utc.Status.NextScheduleTime, Is.EqualTo(Tick1005.AddHours(1)));
    }

    [Test]
    public void The_run_is_the_template_owned_by_the_scheduled_application_and_labelled_with_its_name()
    {
        var app = ScheduledFixtures.Create();

        var run = RunBuilder.Build(app, Tick1005);

        Assert.That(run.Metadata.Name, Is.EqualTo(RunNames.For("nightly", Tick1005)));
        Assert.That(run.Metadata.NamespaceProperty, Is.EqualTo("ns"));
        var owner = run.Metadata.OwnerReferences.Single();
        Assert.That((owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.ApiVersion), Is.EqualTo((ScheduledSparkApplication.KindName, "nightly", "uid-1", (bool?)true, SparkApplication.ApiVersionString)));
        Assert.That(run.Metadata.Labels["team"], Is.EqualTo("analytics"));
        Assert.That(run.Metadata.Labels[SparkOperator.Spark.OwnedScheduleNames.ScheduledAppLabel], Is.EqualTo("nightly"));
        Assert.That(RunBuilder.TickOf(run), Is.EqualTo(Tick1005));
        Assert.That(run.Spec.MainClass, Is.EqualTo(app.Spec.Template.Spec.MainClass));
        Assert.That(run.Spec, Is.Not.SameAs(app.Spec.Template.Spec));
    }
}
