namespace SparkOperator.Policy;

/// <summary>
/// What a SparkApplication may put into the pods the operator builds for it, and the identity
/// those pods run as. Set by whoever installs the operator (configuration section <c>Policy</c>),
/// never by a tenant; safe by default: the volume types are those Pod Security's restricted level
/// admits, no hostPath, and no Spark conf that changes pods around the templates. Admission (the
/// webhook, the controller and <c>validate</c>) enforces it; the builders read the identity.
/// </summary>
public sealed record PodPolicy
{
    /// <summary>The configuration section the policy is read from.</summary>
    public const string Section = "Policy";

    /// <summary>Setting names, as denials quote them.</summary>
    public const string AllowedVolumeTypesSetting = Section + ":AllowedVolumeTypes";
    public const string AllowedHostPathPrefixesSetting = Section + ":AllowedHostPathPrefixes";
    public const string AllowedSparkConfSetting = Section + ":AllowedSparkConf";
    public const string PodOverridesLevelSetting = Section + ":PodOverridesLevel";
    public const string AllowAnyServiceAccountSetting = Section + ":AllowAnyServiceAccount";
    public const string AllowedServiceAccountAnnotationPrefixesSetting = Section + ":AllowedServiceAccountAnnotationPrefixes";

    /// <summary>The volume types Pod Security's restricted level admits.</summary>
    public static IReadOnlyList<string> RestrictedVolumeTypes { get; } =
        ["configMap", "secret", "emptyDir", "persistentVolumeClaim", "projected", "downwardAPI", "ephemeral", "csi"];

    /// <summary>Volume sources (their JSON names in a pod's volume) spec.volumes may use.</summary>
    public IReadOnlyList<string> AllowedVolumeTypes { get; init; } = RestrictedVolumeTypes;

    /// <summary>
    /// Directories under which a hostPath volume may point, when <c>hostPath</c> is among the allowed
    /// types. Empty: no hostPath at all, whatever the types say.
    /// </summary>
    public IReadOnlyList<string> AllowedHostPathPrefixes { get; init; } = [];

    /// <summary>
    /// Spark confs (or prefixes ending in '.') that change pods around the templates and are
    /// refused unless listed here, e.g. <c>spark.kubernetes.executor.volumes.</c>. Confs the
    /// operator owns (identity, templates, tracking) cannot be allowed.
    /// </summary>
    public IReadOnlyList<string> AllowedSparkConf { get; init; } = [];

    /// <summary>
    /// How far podOverrides may loosen the pods' hardening, named after Pod Security's levels:
    /// restricted refuses what that level refuses, baseline what baseline refuses, privileged
    /// anything. Volumes stay bound by the volume settings, and the operator's identity and wiring
    /// by no setting at all.
    /// </summary>
    public PodOverridesLevel PodOverridesLevel { get; init; } = PodOverridesLevel.Restricted;

    /// <summary>
    /// The uid every container of the submit, driver and executor pods runs as. 185 is the spark
    /// user of the apache/spark images; images built on another user set theirs here.
    /// </summary>
    public long RunAsUser { get; init; } = 185;

    /// <summary>The gid they run as, also the pods' fsGroup (so volumes are writable for it).</summary>
    public long RunAsGroup { get; init; } = 185;

    /// <summary>
    /// Whether driver.serviceAccountName may name an account its namespace's admin has not marked
    /// for Spark. Off: a tenant who may create SparkApplications could otherwise run code with the
    /// rights of any account of the namespace. Even on, <c>default</c> must be marked: it is the
    /// account of every pod that names none, not one chosen for Spark.
    /// </summary>
    public bool AllowAnyServiceAccount { get; init; }

    /// <summary>
    /// Key prefixes spec.serviceAccount.annotations may use on the account the operator makes: the
    /// cloud workload identity annotations. kubernetes.io keys are refused whatever this says, as
    /// the control plane reads them (e.g. the account's mountable secrets).
    /// </summary>
    public IReadOnlyList<string> AllowedServiceAccountAnnotationPrefixes { get; init; } = WorkloadIdentityAnnotationPrefixes;

    /// <summary>The annotation prefixes of EKS (IRSA), GKE and Azure workload identity.</summary>
    public static IReadOnlyList<string> WorkloadIdentityAnnotationPrefixes { get; } =
        ["eks.amazonaws.com/", "iam.gke.io/", "azure.workload.identity/"];

    /// <summary>The defaults.</summary>
    public static PodPolicy Default { get; } = new();

    /// <summary>True when the policy lets sparkConf carry <paramref name="key"/>.</summary>
    public bool AllowsSparkConf(string key) =>
        AllowedSparkConf.Any(k => k.EndsWith('.') ? key.StartsWith(k, StringComparison.Ordinal) : key == k);

    /// <summary>True when an annotation key on the operator-made account is under an allowed prefix.</summary>
    public bool AllowsServiceAccountAnnotation(string key) =>
        AllowedServiceAccountAnnotationPrefixes.Any(p => p.Length > 0 && key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>True when a hostPath volume may point at <paramref name="normalizedPath"/> (absolute, no '..').</summary>
    public bool AllowsHostPath(string normalizedPath) =>
        AllowedVolumeTypes.Contains("hostPath", StringComparer.Ordinal)
        && AllowedHostPathPrefixes.Any(prefix =>
        {
            var p = prefix.TrimEnd('/');
            return p.Length > 0 && (normalizedPath == p || normalizedPath.StartsWith(p + "/", StringComparison.Ordinal));
        });
}

/// <summary>What podOverrides may do to a pod's security, as Pod Security's levels name it.</summary>
public enum PodOverridesLevel
{
    /// <summary>Nothing Pod Security's restricted level refuses.</summary>
    Restricted,

    /// <summary>Nothing its baseline level refuses: root, more capabilities and privilege escalation are allowed.</summary>
    Baseline,

    /// <summary>Anything: privileged containers, host namespaces and ports, nodeName.</summary>
    Privileged,
}
