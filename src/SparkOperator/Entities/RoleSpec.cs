using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Settings of one kind of pod: the driver, the executors or the submitting Job.")]
public class RoleSpec
{
    [Range(minimum: 1)]
    [Description("CPU cores (spark.driver.cores / spark.executor.cores); also the pod's CPU request. For the submitting Job, the container's CPU request.")]
    public int? Cores { get; set; }

    [Description("Hard CPU limit of the pod as a Kubernetes quantity, e.g. 1200m (spark.kubernetes.{driver,executor}.limit.cores).")]
    public IntOrString? CoreLimit { get; set; }

    [Pattern("^[0-9]+([kKmMgGtTpP][bB]?)?$")]
    [Description("JVM heap in Spark's notation, e.g. 512m or 2g (spark.driver.memory / spark.executor.memory). Spark adds memoryOverhead to size the pod.")]
    public string? Memory { get; set; }

    [Pattern("^[0-9]+([kKmMgGtTpP][bB]?)?$")]
    [Description("Non-heap memory added to the pod in Spark's notation, e.g. 384m (spark.driver.memoryOverhead / spark.executor.memoryOverhead).")]
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
