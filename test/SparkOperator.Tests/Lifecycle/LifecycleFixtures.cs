using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Lifecycle;

namespace SparkOperator.Tests.Lifecycle;

/// <summary>Builders for the objects the lifecycle observes, shaped like what the API server returns.</summary>
internal static class LifecycleFixtures
{
    public static readonly DateTime T0 = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    public static SparkApplication App(Action<SparkApplicationSpec>? spec = null, long generation = 1)
    {
        var app = new SparkApplication
        {
            Metadata = new V1ObjectMeta { Name = "pi", NamespaceProperty = "ns", Uid = "uid-1", Generation = generation },
            Spec = new SparkApplicationSpec { SparkImage = "apache/spark:4.1.1", MainApplicationFile = "local:///app.jar", MainClass = "Main" },
        };
        spec?.Invoke(app.Spec);
        return app;
    }

    public static AttemptNames Names(int attempt) => new($"pi-submit-{attempt}", $"pi-{attempt}-driver");

    public static LifecycleDecision Decide(SparkApplication app, ObservedAttempt observed, DateTime now) =>
        ApplicationLifecycle.Decide(new LifecycleInput(app, observed, Names, now, new LifecycleSettings()));

    /// <summary>Decides, then stores the decided status on the app, as the controller's status write would.</summary>
    public static LifecycleDecision Step(SparkApplication app, ObservedAttempt observed, DateTime now)
    {
        var decision = Decide(app, observed, now);
        app.Status = decision.Status;
        return decision;
    }

    public static V1Job Job(int attempt, string? condition = null, DateTime? at = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = Names(attempt).JobName, NamespaceProperty = "ns", CreationTimestamp = T0 },
        Status = new V1JobStatus
        {
            Conditions = condition is null ? null : [new V1JobCondition { Type = condition, Status = "True", LastTransitionTime = at ?? T0, Message = "job " + condition }],
            CompletionTime = condition == "Complete" ? at ?? T0 : null,
        },
    };

    public static V1Pod SubmitPod(string phase, int? exitCode = null, string? message = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "pi-submit-1-abcde", NamespaceProperty = "ns", CreationTimestamp = T0 },
        Status = new V1PodStatus
        {
            Phase = phase,
            ContainerStatuses = exitCode is null
                ? null
                : [new V1ContainerStatus { Name = "spark-submit", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode.Value, Reason = "Error", Message = message } } }],
        },
    };

    public static V1Pod Driver(int attempt, string phase, DateTime? created = null, Action<V1Pod>? configure = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = Names(attempt).DriverPodName,
                NamespaceProperty = "ns",
                CreationTimestamp = created ?? T0,
                Labels = new Dictionary<string, string> { ["spark-app-selector"] = "spark-0123456789abcdef", ["spark-role"] = "driver" },
            },
            Status = new V1PodStatus { Phase = phase, StartTime = phase == "Pending" ? null : created ?? T0 },
        };
        configure?.Invoke(pod);
        return pod;
    }

    public static ObservedAttempt Observed(V1Job? job = null, V1Pod? submitPod = null, V1Pod? driver = null) => new(job, submitPod, driver);
}
