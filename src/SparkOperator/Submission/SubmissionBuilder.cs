using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Manifests;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// What one attempt of a SparkApplication needs in Kubernetes. Pure: the same application and
/// attempt always give the same objects; nothing is read or written here.
/// </summary>
public static class SubmissionBuilder
{
    /// <summary>Builds the objects of attempt <paramref name="attempt"/> (counting from 1).</summary>
    /// <exception cref="ArgumentException">The application lacks a name, namespace or uid, asks for client mode, or has an invalid size.</exception>
    public static DesiredResources Build(SparkApplication app, int attempt, SubmissionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        options ??= SubmissionOptions.Default;
        if (string.IsNullOrEmpty(app.Metadata?.Name) || string.IsNullOrEmpty(app.Metadata.NamespaceProperty) || string.IsNullOrEmpty(app.Metadata.Uid))
        {
            throw new ArgumentException("The application needs metadata.name, metadata.namespace and metadata.uid.", nameof(app));
        }

        if (app.Spec.Mode == DeployMode.Client)
        {
            throw new ArgumentException("Only cluster mode is supported.", nameof(app));
        }

        var name = app.Metadata.Name;
        var operatorName = options.OperatorName;
        return new DesiredResources
        {
            ServiceAccount = RbacBuilder.ServiceAccount(app, options),
            RoleBinding = RbacBuilder.RoleBinding(app, options),
            ServiceAccountName = RbacBuilder.AccountName(app),
            PodTemplates = PodTemplates(app, attempt, options),
            SubmitJob = SubmitJobBuilder.Build(app, attempt, options),
            SparkUiService = SparkUiBuilder.Service(app, attempt, options),
            SparkUiIngress = SparkUiBuilder.Ingress(app, options),
            SparkUi = SparkUiBuilder.Status(app, options),
            Attempt = attempt,
            SubmitJobName = ResourceNames.SubmitJob(name, attempt),
            DriverPodName = ResourceNames.DriverPod(name, attempt),
            DriverSelector = SubmissionLabels.Selector(name, operatorName, SubmissionLabels.DriverComponent, attempt),
            ExecutorSelector = SubmissionLabels.Selector(name, operatorName, SubmissionLabels.ExecutorComponent, attempt),
            SubmitPodSelector = SubmissionLabels.Selector(name, operatorName, SubmissionLabels.SubmitComponent, attempt),
        };
    }

    /// <summary>
    /// One ConfigMap per attempt, not per application: an attempt's Job mounts exactly the
    /// templates it was built with, so a spec change applied for the next attempt can never
    /// reach a submission still in flight, and an attempt's inputs stay inspectable afterwards.
    /// </summary>
    private static V1ConfigMap PodTemplates(SparkApplication app, int attempt, SubmissionOptions options)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OwnedPaths.DriverTemplateFile] = SafeYaml.Serialize(PodTemplateBuilder.Driver(app, attempt, options)),
            [OwnedPaths.ExecutorTemplateFile] = SafeYaml.Serialize(PodTemplateBuilder.Executor(app, attempt, options)),
        };
        foreach (var (key, value) in GpuDiscovery.ConfigMapData(app, options))
        {
            data[key] = value;
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = V1ConfigMap.KubeKind,
            Metadata = OwnedMetadata.For(
                app,
                ResourceNames.PodTemplates(app.Metadata.Name, attempt),
                SubmissionLabels.For(app, options.OperatorName, SubmissionLabels.PodTemplatesComponent, attempt)),
            Data = data,
        };
    }
}
