using System.Globalization;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// spark-submit's argv (after the executable). No shell ever sees it: each value is exactly one
/// argv item, so spaces, quotes, ';' or $(...) in a value stay literal. Kubernetes would expand
/// $(VAR) in args, so a literal "$(" is escaped as "$$(" (which Kubernetes turns back into "$(").
/// </summary>
internal static class SparkSubmitArguments
{
    /// <summary>Spark's switch for deleting executor pods at the application's end.</summary>
    public const string ExecutorDeleteOnTermination = "spark.kubernetes.executor.deleteOnTermination";

    public static List<string> Build(SparkApplication app, int attempt, SubmissionOptions options)
    {
        var spec = app.Spec;
        var name = app.Metadata.Name;
        var argv = new List<string>
        {
            "--master", options.Master,
            "--deploy-mode", "cluster",
            "--name", name,
        };
        if (!string.IsNullOrEmpty(spec.MainClass))
        {
            argv.AddRange(["--class", spec.MainClass]);
        }

        // Confs from spec fields first, then the user's sparkConf (spark-submit's last --conf wins,
        // so it may override them), then the operator's own, which nothing overrides.
        foreach (var (key, value) in SpecConfs(app, options))
        {
            argv.AddRange(["--conf", $"{key}={value}"]);
        }

        if (spec.Deps is { } deps)
        {
            AddList(argv, "--packages", deps.Packages);
            AddList(argv, "--exclude-packages", deps.ExcludePackages);
            AddList(argv, "--repositories", deps.Repositories);
        }

        foreach (var (key, value) in (spec.SparkConf ?? new Dictionary<string, string>()).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            argv.AddRange(["--conf", $"{key}={value}"]);
        }

        foreach (var (key, value) in OwnedConfs(app, attempt))
        {
            argv.AddRange(["--conf", $"{key}={value}"]);
        }

        argv.Add(spec.MainApplicationFile);
        argv.AddRange((spec.Args ?? []).Select(ArgumentQuotes.Unwrap));
        return argv.ConvertAll(EscapeKubernetesExpansion);
    }

    /// <summary>Every conf the operator sets, in argv order: from the spec, then its own.</summary>
    public static IEnumerable<KeyValuePair<string, string>> OperatorConfs(SparkApplication app, int attempt, SubmissionOptions options) =>
        SpecConfs(app, options).Concat(OwnedConfs(app, attempt));

    /// <summary>The confs only the operator sets (<see cref="OperatorOwnedSparkConf"/>), in a fixed order.</summary>
    public static IEnumerable<KeyValuePair<string, string>> OwnedConfs(SparkApplication app, int attempt)
    {
        var spec = app.Spec;
        var name = app.Metadata.Name;
        var templates = OwnedPaths.PodTemplatesDirectory + "/";
        yield return new("spark.kubernetes.driver.podTemplateFile", templates + OwnedPaths.DriverTemplateFile);
        yield return new("spark.kubernetes.executor.podTemplateFile", templates + OwnedPaths.ExecutorTemplateFile);
        yield return new("spark.kubernetes.driver.podTemplateContainerName", OwnedPaths.SparkContainer);
        yield return new("spark.kubernetes.executor.podTemplateContainerName", OwnedPaths.SparkContainer);
        yield return new("spark.kubernetes.namespace", app.Metadata.NamespaceProperty);
        yield return new("spark.kubernetes.container.image", spec.SparkImage);
        yield return new("spark.kubernetes.driver.container.image", RoleImage(spec, spec.Driver));
        yield return new("spark.kubernetes.executor.container.image", RoleImage(spec, spec.Executor));
        yield return new("spark.kubernetes.authenticate.driver.serviceAccountName", RbacBuilder.AccountName(app));
        yield return new("spark.kubernetes.driver.pod.name", ResourceNames.DriverPod(name, attempt));
        yield return new("spark.kubernetes.executor.podNamePrefix", ResourceNames.ExecutorPodNamePrefix(name, attempt));

        // spark-submit ends once the driver pod exists; the operator follows the driver itself.
        yield return new("spark.kubernetes.submission.waitAppCompletion", "false");
        if (DependencyVolumes.HasPackages(app))
        {
            yield return new("spark.jars.ivy", OwnedPaths.IvyDirectory);
        }
    }

    /// <summary>The role's own image when it names one, else sparkImage.</summary>
    internal static string RoleImage(SparkApplicationSpec spec, RoleSpec? role) =>
        string.IsNullOrEmpty(role?.Image) ? spec.SparkImage : role.Image;

    /// <summary>The confs the operator derives from spec fields, in a fixed order; sparkConf may override them.</summary>
    public static IEnumerable<KeyValuePair<string, string>> SpecConfs(SparkApplication app, SubmissionOptions options)
    {
        var spec = app.Spec;

        // Spark deletes executor pods when the application stops; kept, their logs outlive the run
        // (kubectl logs, the logs command) until the application goes: executors are owned by the
        // driver pod, the driver by the application. sparkConf may set it back to true.
        yield return new(ExecutorDeleteOnTermination, "false");
        if (spec.SparkImagePullPolicy is { } pullPolicy)
        {
            yield return new("spark.kubernetes.container.image.pullPolicy", pullPolicy.ToString());
        }

        foreach (var conf in SparkResources.Confs("driver", spec.Driver))
        {
            yield return conf;
        }

        foreach (var conf in SparkResources.Confs("executor", spec.Executor))
        {
            yield return conf;
        }

        if (spec.Executor?.Instances is { } instances)
        {
            yield return new("spark.executor.instances", instances.ToString(CultureInfo.InvariantCulture));
        }

        if (spec.Executor?.Gpu is { } gpu)
        {
            foreach (var conf in GpuConfs(gpu, options))
            {
                yield return conf;
            }
        }

        foreach (var conf in S3Confs(spec.S3connection))
        {
            yield return conf;
        }

        foreach (var conf in S3TrustStore.Confs(app))
        {
            yield return conf;
        }

        foreach (var conf in SparkUiBuilder.Confs(app, options).Concat(PrometheusMetrics.Confs(spec)).Concat(EventLogs.Confs(app)))
        {
            yield return conf;
        }
    }

    /// <summary>
    /// Spark asks Kubernetes for &lt;vendor&gt;/&lt;resource&gt; (e.g. nvidia.com/gpu) per executor and
    /// needs a discovery script to hand the devices to tasks.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> GpuConfs(GpuSpec gpu, SubmissionOptions options)
    {
        var slash = gpu.Name.LastIndexOf('/');
        var prefix = $"spark.executor.resource.{GpuDiscovery.ResourceName(gpu)}";
        yield return new($"{prefix}.amount", gpu.Quantity.ToString(CultureInfo.InvariantCulture));
        if (slash > 0)
        {
            yield return new($"{prefix}.vendor", gpu.Name[..slash]);
        }

        yield return new($"{prefix}.discoveryScript", GpuDiscovery.ScriptPath(options));
    }

    /// <summary>
    /// Endpoint settings only. Keys come from environment variables (see ContainerEnvironment);
    /// without a Secret the anonymous provider is used so S3A never looks for instance roles.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, string>> S3Confs(S3Connection? s3)
    {
        if (s3 is null)
        {
            yield break;
        }

        if (!string.IsNullOrEmpty(s3.Endpoint))
        {
            yield return new("spark.hadoop.fs.s3a.endpoint", s3.Endpoint);
            var ssl = !s3.Endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
            yield return new("spark.hadoop.fs.s3a.connection.ssl.enabled", ssl ? "true" : "false");
        }

        if (!string.IsNullOrEmpty(s3.Region))
        {
            yield return new("spark.hadoop.fs.s3a.endpoint.region", s3.Region);
        }

        if (s3.PathStyleAccess is { } pathStyle)
        {
            yield return new("spark.hadoop.fs.s3a.path.style.access", pathStyle ? "true" : "false");
        }

        yield return new(
            "spark.hadoop.fs.s3a.aws.credentials.provider",
            s3.CredentialsSecret is null
                ? "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider"
                : "com.amazonaws.auth.EnvironmentVariableCredentialsProvider");
    }

    private static void AddList(List<string> argv, string option, IList<string>? values)
    {
        if (values is { Count: > 0 })
        {
            argv.AddRange([option, string.Join(',', values)]);
        }
    }

    /// <summary>
    /// Kubernetes expands $(NAME) in command and args, and turns $$ into $. Doubling every '$'
    /// keeps the value literal, whatever follows it.
    /// </summary>
    internal static string EscapeKubernetesExpansion(string value) => value.Replace("$", "$$", StringComparison.Ordinal);
}
