using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Events;

namespace SparkOperator.Lifecycle;

/// <summary>
/// The application's state machine as a pure function of (spec, status, observed attempt, now).
/// Exactly-once rests on two facts: an attempt's Job and driver pod have deterministic names, so
/// re-applying an attempt can never start a second driver; and the attempt number only grows once
/// the previous attempt's outcome is recorded in status and its driver is gone.
/// </summary>
public static class ApplicationLifecycle
{
    private enum Ending
    {
        Success,
        SubmissionFailure,
        RunFailure,
    }

    /// <summary>Decides the next action and status. Never performs I/O.</summary>
    public static LifecycleDecision Decide(LifecycleInput input)
    {
        var app = input.Application;
        var status = CloneStatus(app.Status);
        status.Conditions ??= new List<V1Condition>();
        status.ObservedGeneration = app.Metadata?.Generation;
        var context = new Context(input, status, new List<LifecycleEvent>());

        if (status.Phase is ApplicationPhase.Succeeded or ApplicationPhase.Failed)
        {
            return context.Finished();
        }

        var attempt = status.Attempt ?? 0;
        if (attempt == 0)
        {
            return context.StartAttempt(1, "submitting attempt 1");
        }

        if (status.NextAttemptTime is { } due)
        {
            return context.AwaitNextAttempt(attempt, due);
        }

        context.TrackSpecChanges(attempt);
        return context.FollowAttempt(attempt);
    }

    /// <summary>
    /// The application's spec breaks the rules (the webhook's, checked again before a submission):
    /// it fails for good with every problem in the message, and nothing is created. Its spec cannot
    /// become valid in place once it is Failed, so no attempt follows.
    /// </summary>
    public static LifecycleDecision Reject(LifecycleInput input, string reason, string message) =>
        Observing(input).Rejected(reason, message);

    /// <summary>
    /// The API server refused to store an object of the attempt (the Job, its pod templates, its
    /// RBAC), or the name of one is taken by an object the application does not own: the attempt
    /// ends as a failed submission with the server's reason, retried as the restart policy says.
    /// <paramref name="input"/>'s application carries the status the submission was decided with.
    /// </summary>
    public static LifecycleDecision Refuse(LifecycleInput input, int attempt, string reason, string message)
    {
        var app = input.Application;
        var status = CloneStatus(app.Status);
        status.Conditions ??= new List<V1Condition>();
        var context = new Context(input, status, new List<LifecycleEvent>());
        return context.Refused(attempt, reason, message);
    }

    /// <summary>
    /// The account the application names may not be used (missing, unmarked, another application's):
    /// nothing is created and no attempt is counted. The application waits, Pending, with the reason
    /// and the way to fix it in its status and one Warning Event (only when the reason is new), and
    /// looks again after <see cref="LifecycleSettings.ServiceAccountRecheckInterval"/>: once the
    /// account is usable, the next look submits. <paramref name="input"/>'s application carries the
    /// status before the submission was decided.
    /// </summary>
    public static LifecycleDecision AwaitServiceAccount(LifecycleInput input, string reason, string message) =>
        Observing(input).AwaitingServiceAccount(reason, message);

    /// <summary>A decision on the stored status that records the spec generation it was made from.</summary>
    private static Context Observing(LifecycleInput input)
    {
        var app = input.Application;
        var status = CloneStatus(app.Status);
        status.Conditions ??= new List<V1Condition>();
        status.ObservedGeneration = app.Metadata?.Generation;
        return new Context(input, status, new List<LifecycleEvent>());
    }

    private static SparkApplicationStatus CloneStatus(SparkApplicationStatus? status) =>
        status is null ? new SparkApplicationStatus() : KubernetesJson.Deserialize<SparkApplicationStatus>(KubernetesJson.Serialize(status));

    private sealed record Context(LifecycleInput Input, SparkApplicationStatus Status, List<LifecycleEvent> Events)
    {
        private DateTime Now => Input.Now;

        private long? Generation => Input.Application.Metadata?.Generation;

        private SparkApplicationSpec Spec => Input.Application.Spec;

        public LifecycleDecision Finished()
        {
            if (Spec.TimeToLiveSeconds is { } ttl && Status.CompletionTime is { } completed)
            {
                var due = completed.AddSeconds(ttl);
                if (Now >= due)
                {
                    Event(EventType.Normal, "TimeToLiveExpired", $"deleting the application {ttl}s after it finished");
                    return Decision(LifecycleAction.DeleteApplication, Status.Attempt ?? 0, null);
                }

                return Decision(LifecycleAction.None, Status.Attempt ?? 0, due - Now);
            }

            return Decision(LifecycleAction.None, Status.Attempt ?? 0, null);
        }

        public LifecycleDecision Rejected(string reason, string message)
        {
            Status.Phase = ApplicationPhase.Failed;
            Status.CompletionTime = Now;
            Status.NextAttemptTime = null;
            Status.Message = message;
            SetCondition(StatusConditions.Submitted, false, reason, message);
            SetCondition(StatusConditions.Succeeded, false, "Failed", message);
            SetCondition(StatusConditions.Failed, true, reason, message);
            return Decision(LifecycleAction.None, Status.Attempt ?? 0, null);
        }

        public LifecycleDecision AwaitingServiceAccount(string reason, string message)
        {
            var submitted = StatusConditions.Find(Status.Conditions, StatusConditions.Submitted);
            if (submitted is not { Status: "False" } || submitted.Reason != reason || submitted.Message != message)
            {
                Event(EventType.Warning, reason, message);
            }

            var attempt = Status.Attempt ?? 0;
            Status.Phase = ApplicationPhase.Pending;
            Status.Message = $"waiting to submit attempt {attempt + 1}: {message}";
            SetCondition(StatusConditions.Submitted, false, reason, message);
            return Decision(LifecycleAction.None, attempt, Input.Settings.ServiceAccountRecheckInterval);
        }

        public LifecycleDecision Refused(int attempt, string reason, string message) =>
            End(attempt, Ending.SubmissionFailure, reason, message, cleanUp: false);

        public LifecycleDecision StartAttempt(int attempt, string why)
        {
            var names = Input.Names(attempt);
            Status.Attempt = attempt;
            Status.Phase = ApplicationPhase.Submitted;
            Status.SubmitJobName = names.JobName;
            Status.DriverPodName = names.DriverPodName;
            Status.SparkApplicationId = null;
            Status.StartTime = Now;
            Status.NextAttemptTime = null;
            Status.CompletionTime = null;
            Status.Message = SubmittingMessage(attempt, names.JobName);
            SetCondition(StatusConditions.Submitted, true, "JobCreated", $"attempt {attempt} submitted by Job {names.JobName}");
            SetCondition(StatusConditions.Running, false, "DriverNotStarted", $"waiting for driver pod {names.DriverPodName}");
            SetCondition(StatusConditions.Succeeded, false, "InProgress", "the application has not finished");
            SetCondition(StatusConditions.Failed, false, "InProgress", "the application has not finished");
            SetCondition(StatusConditions.SpecChanged, false, "SpecSubmitted", "the submitted spec is the current spec");
            Event(EventType.Normal, "Submitted", $"{why}: Job {names.JobName} runs spark-submit, driver pod {names.DriverPodName}");
            return Decision(LifecycleAction.Submit, attempt, Input.Settings.CacheGracePeriod);
        }

        public LifecycleDecision AwaitNextAttempt(int attempt, DateTime due)
        {
            if (Now < due)
            {
                return Decision(LifecycleAction.None, attempt, due - Now);
            }

            if (Input.Current.DriverPod is not null)
            {
                // Two drivers never exist at once: the previous attempt's pods go before the next one starts.
                return Decision(LifecycleAction.CleanUpAttempt, attempt, Input.Settings.PollInterval);
            }

            return StartAttempt(attempt + 1, $"retrying: attempt {attempt + 1}");
        }

        public void TrackSpecChanges(int attempt)
        {
            var submitted = StatusConditions.Find(Status.Conditions, StatusConditions.Submitted)?.ObservedGeneration;
            if (submitted is null || Generation is null || Generation <= submitted)
            {
                return;
            }

            if (!StatusConditions.IsTrue(Status.Conditions, StatusConditions.SpecChanged))
            {
                Event(EventType.Warning, "SpecChanged", $"spec changed after attempt {attempt} was submitted; the running attempt keeps the submitted spec");
            }

            SetCondition(
                StatusConditions.SpecChanged,
                true,
                "SpecChangedAfterSubmission",
                $"spec changed (generation {submitted} -> {Generation}) after attempt {attempt} was submitted; it keeps running the submitted spec. Delete and re-create the application to run the new spec.");
        }

        public LifecycleDecision FollowAttempt(int attempt)
        {
            var names = Input.Names(attempt);
            var outcome = AttemptOutcome.Classify(Input.Current, names);
            var grace = Input.Settings.CacheGracePeriod;
            var driverSeen = Status.SparkApplicationId is not null || Status.Phase is ApplicationPhase.Running or ApplicationPhase.Unknown;
            if (Input.Current.DriverPod is null && driverSeen)
            {
                return End(attempt, Ending.RunFailure, "DriverLost", $"driver pod {names.DriverPodName} disappeared before it finished", cleanUp: false);
            }

            switch (outcome.State)
            {
                case AttemptState.NotFound:
                    var waited = Now - (Status.StartTime ?? Now);
                    if (waited < grace)
                    {
                        return Decision(LifecycleAction.None, attempt, grace - waited);
                    }

                    Status.StartTime = Now;
                    Event(EventType.Warning, "Resubmitting", $"Job {names.JobName} and driver pod {names.DriverPodName} were not found {grace.TotalSeconds:0}s after submission; applying attempt {attempt} again");
                    return Decision(LifecycleAction.Submit, attempt, grace);
                case AttemptState.Submitting:
                    Status.Phase = ApplicationPhase.Submitted;
                    if (Input.Current.SubmitPod is null && Input.Current.SubmitPodRefusal is { } refusal)
                    {
                        return SubmitPodRefused(attempt, names, refusal, outcome.Since);
                    }

                    if (Input.Current.SubmitPod is null)
                    {
                        // The pod's creation wakes the application; looking again after the report
                        // delay lets the controller find out why the Job could not create it.
                        Status.Message = SubmittingMessage(attempt, names.JobName);
                        var age = Now - (outcome.Since ?? Now);
                        return Decision(LifecycleAction.None, attempt, age < Input.Settings.PendingReportDelay ? Input.Settings.PendingReportDelay - age : Input.Settings.PendingReportDelay);
                    }

                    if (Input.Current.SubmitPod is not { Status.Phase: "Pending" } pendingSubmit)
                    {
                        Status.Message = SubmittingMessage(attempt, names.JobName);
                        return Decision(LifecycleAction.None, attempt, null);
                    }

                    // A submit pod that cannot start (unschedulable, image not pulled) is held to the driver's start timeout.
                    if (TimedOut(outcome.Since, out var left))
                    {
                        return End(attempt, Ending.SubmissionFailure, "SubmitStartTimeout", $"spark-submit did not start within {StartTimeoutSeconds}s: {outcome.Message}", cleanUp: false);
                    }

                    var submitReport = ReportPending(pendingSubmit, outcome.Message, SubmittingMessage(attempt, names.JobName));
                    return Decision(LifecycleAction.None, attempt, Earliest(left, submitReport));
                case AttemptState.SubmittedAwaitingDriver:
                    var sinceCompletion = Now - (outcome.Since ?? Now);
                    if (sinceCompletion < grace)
                    {
                        return Decision(LifecycleAction.None, attempt, Input.Settings.PollInterval);
                    }

                    return End(attempt, Ending.SubmissionFailure, "DriverNotCreated", $"spark-submit succeeded but driver pod {names.DriverPodName} did not appear", cleanUp: false);
                case AttemptState.DriverPending:
                    Status.Phase = ApplicationPhase.Submitted;
                    if (TimedOut(outcome.Since, out var remaining))
                    {
                        return End(attempt, Ending.RunFailure, "DriverStartTimeout", $"driver pod {names.DriverPodName} did not start within {StartTimeoutSeconds}s: {PodInspection.PendingReason(Input.Current.DriverPod!)}", cleanUp: true);
                    }

                    var driverReport = ReportPending(Input.Current.DriverPod!, outcome.Message, SubmittingMessage(attempt, names.JobName));
                    return Decision(LifecycleAction.None, attempt, Earliest(remaining, driverReport));
                case AttemptState.DriverRunning:
                    if (Status.Phase != ApplicationPhase.Running)
                    {
                        Event(EventType.Normal, "DriverRunning", $"attempt {attempt}: {outcome.Message}");
                    }

                    Status.Phase = ApplicationPhase.Running;
                    Status.Message = outcome.Message;
                    Status.SparkApplicationId = Input.Current.DriverPod!.GetLabel(PodInspection.SparkAppSelectorLabel) ?? Status.SparkApplicationId;
                    SetCondition(StatusConditions.Running, true, "DriverRunning", outcome.Message);
                    return RunDeadline(attempt, names);
                case AttemptState.DriverUnknown:
                    Status.Phase = ApplicationPhase.Unknown;
                    Status.Message = outcome.Message;
                    return Decision(LifecycleAction.None, attempt, null);
                case AttemptState.Succeeded:
                    Status.SparkApplicationId = Input.Current.DriverPod!.GetLabel(PodInspection.SparkAppSelectorLabel) ?? Status.SparkApplicationId;
                    return End(attempt, Ending.Success, "DriverSucceeded", outcome.Message, cleanUp: false);
                case AttemptState.SubmissionFailed:
                    return End(attempt, Ending.SubmissionFailure, "SubmissionFailed", outcome.Message, cleanUp: false);
                case AttemptState.RunFailed:
                    Status.SparkApplicationId = Input.Current.DriverPod!.GetLabel(PodInspection.SparkAppSelectorLabel) ?? Status.SparkApplicationId;
                    return End(attempt, Ending.RunFailure, "DriverFailed", outcome.Message, cleanUp: false);
                default:
                    throw new InvalidOperationException($"unhandled attempt state {outcome.State}");
            }
        }

        /// <summary>
        /// A pod's pending reason goes into the status only once it has been pending for
        /// <see cref="LifecycleSettings.PendingReportDelay"/>: every pod is briefly pending while it
        /// is scheduled and started, and a status write for each of those moments says nothing a
        /// user needs. Until then, and while the pod shows no reason, the message stays
        /// <paramref name="quiet"/>. Returns when to look again.
        /// </summary>
        private TimeSpan? ReportPending(V1Pod pod, string reasonMessage, string quiet)
        {
            var pendingFor = Now - (pod.Metadata?.CreationTimestamp ?? Now);
            var delay = Input.Settings.PendingReportDelay;
            if (pendingFor < delay)
            {
                Status.Message = quiet;
                return delay - pendingFor;
            }

            // "Pending" alone (no waiting reason, no scheduler verdict) is a busy cluster, not a problem to show.
            Status.Message = PodInspection.PendingReason(pod) == "Pending" ? quiet : reasonMessage;
            return null;
        }

        /// <summary>
        /// The Job controller cannot create the submit pod. Pod Security's refusal is for good (the
        /// pod is built the same way every time), and so is a missing ServiceAccount (checked or made
        /// just before the Job: it was deleted since, and the next attempt checks it again); another
        /// (a quota) may pass later, so the attempt waits, with the reason in its status, until the
        /// start timeout.
        /// </summary>
        private LifecycleDecision SubmitPodRefused(int attempt, AttemptNames names, string refusal, DateTime? since)
        {
            var message = $"Job {names.JobName} cannot create its pod: {refusal}";
            if (PodInspection.IsPermanentRefusal(refusal))
            {
                return End(attempt, Ending.SubmissionFailure, "SubmitPodRefused", message, cleanUp: false);
            }

            if (TimedOut(since, out var left))
            {
                return End(attempt, Ending.SubmissionFailure, "SubmitStartTimeout", $"spark-submit did not start within {StartTimeoutSeconds}s: {message}", cleanUp: false);
            }

            Status.Message = $"attempt {attempt}: {message}";
            return Decision(LifecycleAction.None, attempt, Earliest(left, Input.Settings.PendingReportDelay));
        }

        /// <summary>
        /// spec.runTimeoutSeconds, counted from when the Running condition turned true (the first time
        /// the operator saw the driver run): past it the attempt fails and its pods are deleted, so a
        /// hung job stops holding the cluster's resources. Returns when to look again.
        /// </summary>
        private LifecycleDecision RunDeadline(int attempt, AttemptNames names)
        {
            if (Spec.RunTimeoutSeconds is not { } seconds
                || StatusConditions.Find(Status.Conditions, StatusConditions.Running)?.LastTransitionTime is not { } running)
            {
                return Decision(LifecycleAction.None, attempt, null);
            }

            var left = running.AddSeconds(seconds) - Now;
            if (left > TimeSpan.Zero)
            {
                return Decision(LifecycleAction.None, attempt, left);
            }

            return End(attempt, Ending.RunFailure, "RunTimeout", $"driver pod {names.DriverPodName} ran longer than runTimeoutSeconds ({seconds}s); its pods are deleted", cleanUp: true);
        }

        private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) =>
            a is null ? b : b is null ? a : a < b ? a : b;

        private static string SubmittingMessage(int attempt, string jobName) => $"attempt {attempt}: Job {jobName} runs spark-submit";

        /// <summary>The application's driverStartTimeoutSeconds, else the operator's default (none when that is zero).</summary>
        private long? StartTimeoutSeconds =>
            Spec.DriverStartTimeoutSeconds
            ?? (Input.Settings.DefaultDriverStartTimeout > TimeSpan.Zero ? (long)Input.Settings.DefaultDriverStartTimeout.TotalSeconds : null);

        private bool TimedOut(DateTime? since, out TimeSpan? remaining)
        {
            remaining = null;
            if (StartTimeoutSeconds is not { } seconds || since is null)
            {
                return false;
            }

            var left = since.Value.AddSeconds(seconds) - Now;
            remaining = left;
            return left <= TimeSpan.Zero;
        }

        private LifecycleDecision End(int attempt, Ending ending, string reason, string message, bool cleanUp)
        {
            var policy = Spec.RestartPolicy;
            var type = policy?.Type ?? RestartPolicyType.Never;
            bool retry;
            TimeSpan interval;
            switch (ending)
            {
                case Ending.Success:
                    retry = type == RestartPolicyType.Always;
                    interval = Seconds(policy?.OnFailureRetryIntervalSeconds);
                    Event(EventType.Normal, "Succeeded", $"attempt {attempt}: {message}");
                    break;
                case Ending.SubmissionFailure:
                    Status.SubmissionAttempts = (Status.SubmissionAttempts ?? 0) + 1;
                    retry = Retries(type, Status.SubmissionAttempts.Value, policy?.OnSubmissionFailureRetries);
                    interval = Seconds(policy?.OnSubmissionFailureRetryIntervalSeconds);
                    Event(EventType.Warning, reason, $"attempt {attempt}: {message}");
                    break;
                default:
                    Status.ExecutionAttempts = (Status.ExecutionAttempts ?? 0) + 1;
                    retry = Retries(type, Status.ExecutionAttempts.Value, policy?.OnFailureRetries);
                    interval = Seconds(policy?.OnFailureRetryIntervalSeconds);
                    Event(EventType.Warning, reason, $"attempt {attempt}: {message}");
                    break;
            }

            SetCondition(StatusConditions.Running, false, reason, message);
            var action = cleanUp ? LifecycleAction.CleanUpAttempt : LifecycleAction.None;
            if (retry)
            {
                Status.Phase = ApplicationPhase.Pending;
                Status.NextAttemptTime = Now + interval;
                Status.Message = $"attempt {attempt} ended ({reason}): {message}; attempt {attempt + 1} starts in {interval.TotalSeconds:0}s";
                Event(EventType.Normal, "RetryScheduled", $"attempt {attempt + 1} starts in {interval.TotalSeconds:0}s");
                return Decision(action, attempt, interval);
            }

            var succeeded = ending == Ending.Success;
            Status.Phase = succeeded ? ApplicationPhase.Succeeded : ApplicationPhase.Failed;
            Status.CompletionTime = Now;
            Status.Message = message;
            SetCondition(StatusConditions.Succeeded, succeeded, succeeded ? reason : "Failed", message);
            SetCondition(StatusConditions.Failed, !succeeded, succeeded ? "Succeeded" : reason, message);
            if (!succeeded)
            {
                Event(EventType.Warning, "Failed", $"the application failed after {attempt} attempt(s): {message}");
            }

            var ttl = Spec.TimeToLiveSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return Decision(action, attempt, ttl);
        }

        /// <summary>
        /// Whether the failure that made <paramref name="failures"/> is retried. Always without a
        /// count retries without limit (as Kubeflow's operator does: a long-running service keeps
        /// coming back); a count limits it under both OnFailure and Always.
        /// </summary>
        private static bool Retries(RestartPolicyType type, int failures, int? limit) => type switch
        {
            RestartPolicyType.Never => false,
            RestartPolicyType.Always when limit is null => true,
            _ => failures <= (limit ?? 0),
        };

        private TimeSpan Seconds(long? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : Input.Settings.DefaultRetryInterval;

        private void SetCondition(string type, bool value, string reason, string message) =>
            StatusConditions.Set(Status.Conditions!, type, value, reason, message, Generation, Now);

        private void Event(EventType type, string reason, string message) => Events.Add(new LifecycleEvent(type, reason, message));

        private LifecycleDecision Decision(LifecycleAction action, int attempt, TimeSpan? requeueAfter) =>
            new(action, attempt, Status, requeueAfter, Events);
    }
}
