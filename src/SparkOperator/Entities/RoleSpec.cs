using System.Text.Json.Nodes;
using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Settings of one kind of pod: the driver, the executors or the submitting Job.")]
public class RoleSpec
{
    [Description("Container image of this role, e.g. a driver image with extra tooling (spark.kubernetes.{driver,executor}.container.image; for the submitting Job its container's image). Defaults to spec.sparkImage.")]
    public string? Image { get; set; }

    [Range(minimum: 1)]
    [Description("Task slots: how many tasks run at once (spark.driver.cores / spark.executor.cores). Also the pod's CPU request unless coreRequest is set. For the submitting Job, the container's CPU request.")]
    public int? Cores { get; set; }

    [Description("CPU request of the pod as a Kubernetes quantity, e.g. 250m or 1 (spark.kubernetes.{driver,executor}.request.cores), apart from cores: a pod may ask for less CPU than it has task slots. Defaults to cores (Spark's default, 1). For the submitting Job, the container's CPU request.")]
    public IntOrString? CoreRequest { get; set; }

    [Description("Hard CPU limit of the pod as a Kubernetes quantity, e.g. 1200m (spark.kubernetes.{driver,executor}.limit.cores). At least the CPU request (coreRequest, else cores).")]
    public IntOrString? CoreLimit { get; set; }

    [Pattern("^[0-9]+([kKmMgGtTpP][bB]?)?$")]
    [Description("JVM heap in Spark's notation, e.g. 512m or 2g (spark.driver.memory / spark.executor.memory). The pod's memory request and limit are memory + memoryOverhead.")]
    public string? Memory { get; set; }

    [Pattern("^[0-9]+([kKmMgGtTpP][bB]?)?$")]
    [Description("Non-heap memory added to the pod in Spark's notation, e.g. 384m (spark.driver.memoryOverhead / spark.executor.memoryOverhead). Unset, Spark adds max(memoryOverheadFactor x memory, 384m), the factor being 0.1 for JVM and 0.4 for Python applications.")]
    public string? MemoryOverhead { get; set; }

    [Description("Plain Kubernetes requests and limits for the container, where the Spark settings above do not apply (the submitting Job) or to add other resources.")]
    public V1ResourceRequirements? Resources { get; set; }

    [Description("Where volumes from spec.volumes are mounted in this role's container.")]
    public IList<V1VolumeMount>? VolumeMounts { get; set; }

    [Description("Environment variables for this role's container only, after spec.env.")]
    public IList<V1EnvVar>? Env { get; set; }

    [Description("Node labels the pod must match to be scheduled.")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [Description("Node and pod affinity rules of the pod.")]
    public V1Affinity? Affinity { get; set; }

    [Description("Taints the pod tolerates.")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [Description("Labels added to the pod.")]
    public IDictionary<string, string>? Labels { get; set; }

    [Description("Annotations added to the pod.")]
    public IDictionary<string, string>? Annotations { get; set; }

    [PreserveUnknownFields]
    [Description("A PodTemplateSpec (metadata.labels, metadata.annotations and spec) merged over the pod the operator builds for this role, with Kubernetes' strategic merge: containers, initContainers, volumes, env, ports, volumeMounts, imagePullSecrets, hostAliases and topologySpreadConstraints by their merge keys, maps merged, other fields and lists replaced. The operator's container is named spark-submit in the submitting Job and spark in the driver and executors; another name adds a container. Checked strictly (unknown fields are refused) and bound by the operator's pod policy; Spark sets some fields of the driver and executor pods over it (see the README).")]
    public JsonObject? PodOverrides { get; set; }
}

[Description("Settings of the executor pods.")]
public sealed class ExecutorSpec : RoleSpec
{
    [Range(minimum: 0)]
    [Description("How many executors the driver starts (spark.executor.instances). Required to be at least 1 unless dynamic allocation is enabled in sparkConf.")]
    public int? Instances { get; set; }

    [Description("GPUs per executor, scheduled by Spark's resource profiles and requested from Kubernetes.")]
    public GpuSpec? Gpu { get; set; }
}

[Description("A GPU resource per executor.")]
public sealed class GpuSpec
{
    [Required]
    [Description("The Kubernetes extended resource name, e.g. nvidia.com/gpu.")]
    public string Name { get; set; } = "";

    [Required]
    [Range(minimum: 1)]
    [Description("GPUs per executor.")]
    public int Quantity { get; set; }
}
