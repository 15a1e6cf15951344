using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

/// <summary>Applications and accessors shared by the submission tests.</summary>
internal static class TestApps
{
    public const string Uid = "3f1c2b4a-1111-2222-3333-444455556666";

    public static SparkApplication Minimal(string name = "app", string ns = "team-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = Uid },
        Spec = new SparkApplicationSpec
        {
            SparkImage = "apache/spark:4.1.1",
            Mode = DeployMode.Cluster,
            MainApplicationFile = "local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar",
            MainClass = "org.apache.spark.examples.SparkPi",
        },
    };

    public static DesiredResources Build(SparkApplication app, int attempt = 1) => SubmissionBuilder.Build(app, attempt);

    public static V1Container SubmitContainer(DesiredResources built) => built.SubmitJob.Spec.Template.Spec.Containers.Single(c => c.Name == OwnedPaths.SubmitContainer);

    public static IList<string> Argv(DesiredResources built) => SubmitContainer(built).Args;

    public static V1Pod DriverTemplate(DesiredResources built) =>
        KubernetesYaml.Deserialize<V1Pod>(built.PodTemplates.Data[OwnedPaths.DriverTemplateFile]);

    public static V1Pod ExecutorTemplate(DesiredResources built) =>
        KubernetesYaml.Deserialize<V1Pod>(built.PodTemplates.Data[OwnedPaths.ExecutorTemplateFile]);

    public static V1Pod Template(DesiredResources built, string role) => role switch
    {
        "driver" => DriverTemplate(built),
        "executor" => ExecutorTemplate(built),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The pod spec of a role: a pod template's, or the Job's pod.</summary>
    public static V1PodSpec PodSpec(DesiredResources built, string role) =>
        role == "job" ? built.SubmitJob.Spec.Template.Spec : Template(built, role).Spec;

    public static V1ObjectMeta PodMetadata(DesiredResources built, string role) =>
        role == "job" ? built.SubmitJob.Spec.Template.Metadata : Template(built, role).Metadata;

    public static V1Container MainContainer(DesiredResources built, string role) =>
        role == "job" ? SubmitContainer(built) : Template(built, role).Spec.Containers.Single(c => c.Name == OwnedPaths.SparkContainer);

    public static RoleSpec Role(SparkApplication app, string role) => role switch
    {
        "driver" => app.Spec.Driver ??= new DriverSpec(),
        "executor" => app.Spec.Executor ??= new ExecutorSpec(),
        "job" => app.Spec.Job ??= new RoleSpec(),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The values of every --conf, in order, as key → value (last wins, as in spark-submit).</summary>
    public static Dictionary<string, string> Confs(DesiredResources built)
    {
        var argv = Argv(built);
        var confs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < argv.Count - 1; i++)
        {
            if (argv[i] == "--conf")
            {
                var kv = argv[i + 1];
                var eq = kv.IndexOf('=');
                confs[kv[..eq]] = kv[(eq + 1)..];
                i++;
            }
        }

        return confs;
    }

    /// <summary>Everything built, as the YAML the API server would receive.</summary>
    public static string AllYaml(DesiredResources built) =>
        string.Join("\n---\n", built.InApplyOrder().Select(o => KubernetesYaml.Serialize(o)));
}
