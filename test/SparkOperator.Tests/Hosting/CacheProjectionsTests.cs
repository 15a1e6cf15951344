using k8s;
using k8s.Models;
using SparkOperator.Hosting;
using SparkOperator.Lifecycle;
using static SparkOperator.Tests.Lifecycle.LifecycleFixtures;

namespace SparkOperator.Tests.Hosting;

/// <summary>The cached shape of a pod or Job must tell the lifecycle exactly what the full object tells it.</summary>
public class CacheProjectionsTests
{
    private static readonly DateTime Later = T0.AddMinutes(3);

    private static V1Pod Full(string phase, Action<V1PodStatus> status)
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = Names(1).DriverPodName,
                NamespaceProperty = "ns",
                Uid = "pod-uid",
                CreationTimestamp = T0,
                Labels = new Dictionary<string, string> { ["spark-app-selector"] = "spark-42", ["spark-role"] = "driver", ["app.kubernetes.io/instance"] = "pi" },
                Annotations = new Dictionary<string, string> { ["kubebox/outcome"] = "succeed", ["big"] = new string('x', 4096) },
                OwnerReferences = [new V1OwnerReference { ApiVersion = "sparkoperator.dev/v1alpha1", Kind = "SparkApplication", Name = "pi", Uid = "uid-1", Controller = true }],
                ManagedFields = [new V1ManagedFieldsEntry { Manager = "spark", Operation = "Update" }],
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "spark-kubernetes-driver", Image = "apache/spark:4.1.1", Args = ["driver"] }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                HostIP = "10.0.0.1",
                PodIP = "10.1.0.7",
                QosClass = "Burstable",
                Conditions =
                [
                    new V1PodCondition { Type = "Initialized", Status = "True" },
                    new V1PodCondition { Type = "Ready", Status = phase == "Running" ? "True" : "False" },
                    new V1PodCondition { Type = "PodScheduled", Status = "True" },
                ],
            },
        };
        status(pod.Status);
        return pod;
    }

    private static V1ContainerStatus Container(V1ContainerState state, V1ContainerState? last = null) => new()
    {
        Name = "spark-kubernetes-driver",
        Image = "apache/spark:4.1.1",
        ImageID = "docker-pullable://apache/spark@sha256:0123",
        ContainerID = "containerd://abcdef",
        Ready = state.Running is not null,
        RestartCount = 0,
        State = state,
        LastState = last,
    };

    private static IEnumerable<TestCaseData> Pods()
    {
        yield return new TestCaseData(Full("Pending", s => s.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available: 3 Insufficient memory." }])).SetName("unschedulable driver");
        yield return new TestCaseData(Full("Pending", s => s.ContainerStatuses = [Container(new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image" } })])).SetName("image pull back-off");
        yield return new TestCaseData(Full("Pending", s => s.InitContainerStatuses = [Container(new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } }, new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Message = "pip failed" } })])).SetName("init container crash loop");
        yield return new TestCaseData(Full("Running", s =>
        {
            s.StartTime = T0.AddSeconds(5);
            s.ContainerStatuses = [Container(new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = T0.AddSeconds(6) } })];
        })).SetName("running driver");
        yield return new TestCaseData(Full("Succeeded", s => s.ContainerStatuses = [Container(new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", FinishedAt = Later } })])).SetName("succeeded driver");
        yield return new TestCaseData(Full("Failed", s => s.ContainerStatuses = [Container(new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137, Reason = "OOMKilled", Message = "java.lang.OutOfMemoryError\nat Main", FinishedAt = Later } })])).SetName("OOM-killed driver");
        yield return new TestCaseData(Full("Failed", s => { s.Reason = "Evicted"; s.Message = "The node was low on resource: memory."; })).SetName("evicted driver");
        yield return new TestCaseData(Full("Unknown", s => { s.Reason = "NodeLost"; s.Message = "node kwok-node-3 is unreachable"; })).SetName("lost node");
    }

    [TestCaseSource(nameof(Pods))]
    public void A_projected_pod_classifies_and_explains_like_the_full_pod(V1Pod full)
    {
        var projected = CacheProjections.Pod(Copy(full));

        Assert.That(Describe(projected), Is.EqualTo(Describe(full)));
        Assert.That(projected.Metadata.Labels, Is.EqualTo(full.Metadata.Labels));
        Assert.That(projected.Metadata.OwnerReferences.Single().Uid, Is.EqualTo("uid-1"));
        Assert.That(projected.Metadata.CreationTimestamp, Is.EqualTo(full.Metadata.CreationTimestamp));
    }

    [TestCaseSource(nameof(Pods))]
    public void A_projected_pod_drops_what_nobody_reads(V1Pod full)
    {
        var projected = CacheProjections.Pod(Copy(full));

        Assert.That(projected.Spec, Is.Null);
        Assert.That(projected.Metadata.Annotations, Is.Null);
        Assert.That(projected.Metadata.ManagedFields, Is.Null);
        Assert.That(projected.Status.PodIP, Is.Null);
        Assert.That(projected.Status.ContainerStatuses?.All(c => c.Image is null && c.ContainerID is null), Is.Not.False);
        Assert.That(KubernetesJson.Serialize(projected).Length, Is.LessThan(KubernetesJson.Serialize(full).Length / 3));
    }

    [TestCase(null)]
    [TestCase("Complete")]
    [TestCase("Failed")]
    public void A_projected_job_classifies_like_the_full_job(string? condition)
    {
        var full = Job(1, condition, Later);
        full.Metadata.Annotations = new Dictionary<string, string> { ["a"] = "b" };
        full.Spec = new V1JobSpec { BackoffLimit = 0, Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "spark-submit" }] } } };
        full.Status.Active = condition is null ? 1 : null;
        full.Status.Ready = 0;
        full.Status.UncountedTerminatedPods = new V1UncountedTerminatedPods();

        var projected = CacheProjections.Job(Copy(full));

        var submitPod = SubmitPod("Failed", 2, "bad conf");
        Assert.That(
            AttemptOutcome.Classify(Observed(projected, CacheProjections.Pod(Copy(submitPod))), Names(1)),
            Is.EqualTo(AttemptOutcome.Classify(Observed(full, submitPod), Names(1))));
        Assert.That(projected.Spec, Is.Null);
        Assert.That(projected.Status.Active, Is.Null);
    }

    private static string Describe(V1Pod pod)
    {
        var outcome = AttemptOutcome.Classify(Observed(Job(1), SubmitPod("Succeeded"), pod), Names(1));
        return $"{outcome} | {PodInspection.PendingReason(pod)} | {PodInspection.TerminationSummary(pod, "driver")} | {PodInspection.FinishedAt(pod)} | {pod.GetLabel(PodInspection.SparkAppSelectorLabel)}";
    }

    private static T Copy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
