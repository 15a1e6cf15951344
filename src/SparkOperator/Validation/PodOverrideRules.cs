using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Crds;
using SparkOperator.Framework.Patching;
using SparkOperator.Policy;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>
/// Rules on a role's podOverrides: a strictly decoded PodTemplateSpec (unknown fields and wrong
/// types refused with their paths, since the CRD keeps the field open), that leaves the operator's
/// identity and wiring alone whatever the policy, and loosens the pods' hardening no further than
/// the pod policy's level allows (<see cref="PodOverrideSecurity"/>).
/// </summary>
internal static class PodOverrideRules
{
    private static readonly string[] MetadataFields = ["labels", "annotations"];

    // The Job controller labels the submit pod with these and selects it by them.
    private static readonly string[] JobControllerLabels = ["controller-uid", "job-name"];
    private const string JobControllerLabelPrefix = "batch.kubernetes.io/";

    public static void Check(JsonObject? overrides, SparkApplicationSpec spec, PodPolicy policy, bool isJob, ValidationContext<RoleSpec> context)
    {
        if (overrides is null)
        {
            return;
        }

        var path = context.PropertyPath;
        var problems = ModelSchema.Check(typeof(V1PodTemplateSpec), overrides);
        foreach (var (at, message) in problems.Take(ValidationLimits.MaxItems))
        {
            context.Fail(at.Length == 0 ? path : $"{path}.{at}", message);
        }

        if (problems.Count > 0 || !MetadataShape(overrides["metadata"], $"{path}.metadata", context))
        {
            return;
        }

        V1PodTemplateSpec template;
        try
        {
            // Merged over nothing, the overrides show every list item that lacks its merge key.
            StrategicMerge.Apply([], overrides, PodMergeKeys.Pod);
            template = KubernetesJson.Deserialize<V1PodTemplateSpec>(overrides.ToJsonString());
        }
        catch (StrategicMergeException e)
        {
            context.Fail($"{path}.{e.Path}", e.Reason);
            return;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            context.Fail(path, $"is not a PodTemplateSpec: {SpecRules.Shorten(e.Message)}");
            return;
        }

        if (template.Metadata is { } metadata)
        {
            MetadataRules.Keys(metadata.Labels, checkValues: true, $"{path}.metadata.labels", context);
            MetadataRules.OwnedLabels(metadata.Labels, $"{path}.metadata.labels", context);
            if (isJob)
            {
                foreach (var key in (metadata.Labels?.Keys ?? []).Where(k => JobControllerLabels.Contains(k, StringComparer.Ordinal) || k.StartsWith(JobControllerLabelPrefix, StringComparison.Ordinal)).Take(ValidationLimits.MaxItems))
                {
                    context.Fail($"{path}.metadata.labels[{key}]", "is a label the Job controller sets on the submit pod and selects it by; use another key");
                }
            }

            MetadataRules.Keys(metadata.Annotations, checkValues: false, $"{path}.metadata.annotations", context);
            MetadataRules.SecurityAnnotations(metadata.Annotations, $"{path}.metadata.annotations", context);
        }

        if (template.Spec is { } pod)
        {
            Spec(pod, spec, policy, isJob, $"{path}.spec", context);
        }
    }

    /// <summary>The pods' names, namespaces and owners are the operator's; labels and annotations must be maps of strings.</summary>
    private static bool MetadataShape(JsonNode? metadata, string path, ValidationContext<RoleSpec> context)
    {
        if (metadata is not JsonObject fields)
        {
            return true;
        }

        var valid = true;
        foreach (var (name, value) in fields)
        {
            if (!MetadataFields.Contains(name, StringComparer.Ordinal))
            {
                context.Fail($"{path}.{name}", "is set by the operator; podOverrides.metadata may carry labels and annotations only");
                valid = false;
            }
            else if (value is not JsonObject map || map.Any(e => e.Value?.GetValueKind() != JsonValueKind.String))
            {
                context.Fail($"{path}.{name}", "must be a map of strings");
                valid = false;
            }
        }

        return valid;
    }

    private static void Spec(V1PodSpec pod, SparkApplicationSpec spec, PodPolicy policy, bool isJob, string path, ValidationContext<RoleSpec> context)
    {
        if (pod.ServiceAccountName is not null || pod.ServiceAccount is not null)
        {
            context.Fail($"{path}.{(pod.ServiceAccountName is not null ? "serviceAccountName" : "serviceAccount")}", "is set by the operator: the application's pods run as its service account");
        }

        if (pod.AutomountServiceAccountToken is not null)
        {
            context.Fail($"{path}.automountServiceAccountToken", "is set by the operator: the driver and spark-submit need the token, executors get none");
        }

        if (pod.EphemeralContainers is not null)
        {
            context.Fail($"{path}.ephemeralContainers", "cannot be part of a pod template: Kubernetes adds ephemeral containers to running pods only");
        }

        if (isJob && pod.RestartPolicy is not null)
        {
            context.Fail($"{path}.restartPolicy", "is set by the operator: spark-submit runs once per attempt (Never), retries are restartPolicy's of the application");
        }

        PodOverrideSecurity.Pod(pod, policy, path, context);
        VolumeRules.Volumes(pod.Volumes, policy, $"{path}.volumes", context);

        var declared = VolumeRules.Declared([.. spec.Volumes ?? [], .. pod.Volumes ?? []]);
        var ownContainer = isJob ? OwnedPaths.SubmitContainer : OwnedPaths.SparkContainer;
        Containers(pod.Containers, spec, policy, declared, ownContainer, $"{path}.containers", context);
        Containers(pod.InitContainers, spec, policy, declared, ownContainer: null, $"{path}.initContainers", context);
    }

    private static void Containers(IList<V1Container>? containers, SparkApplicationSpec spec, PodPolicy policy, IReadOnlySet<string> declared, string? ownContainer, string path, ValidationContext<RoleSpec> context)
    {
        if (containers is null || !SpecRules.WithinCount(containers.Count, path, context))
        {
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            context.ThrowIfCancellationRequested();
            var container = containers[i];
            var at = $"{path}[{i}]";
            if (!KubernetesNames.IsDns1123Label(container.Name))
            {
                context.Fail($"{at}.name", $"'{SpecRules.Shorten(container.Name)}' is not a valid container name (a DNS-1123 label); the name picks the container to merge into, a new name adds one");
                continue;
            }

            if (!seen.TryAdd(container.Name, i))
            {
                context.Fail($"{at}.name", $"duplicate container name '{container.Name}' (also {path}[{seen[container.Name]}])");
            }

            if (ownContainer is null && OwnedPaths.InitContainerNames.Contains(container.Name, StringComparer.Ordinal))
            {
                context.Fail($"{at}.name", $"'{container.Name}' is an init container the operator adds and runs as it needs; name yours differently");
            }

            if (container.Name == ownContainer)
            {
                OwnContainer(container, at, context);
            }

            SpecRules.Env(container.Env, SpecRules.OwnedEnv(spec), $"{at}.env", context);
            VolumeRules.Mounts(container.VolumeMounts, declared, $"{at}.volumeMounts", context, "spec.volumes or podOverrides.spec.volumes");
            PodOverrideSecurity.Container(container, policy, at, context);
        }
    }

    /// <summary>The operator's own container keeps what the operator relies on: spark-submit's invocation and the termination message.</summary>
    private static void OwnContainer(V1Container container, string path, ValidationContext<RoleSpec> context)
    {
        if (container.Name == OwnedPaths.SubmitContainer && container.Command is not null)
        {
            context.Fail($"{path}.command", "is the operator's spark-submit invocation; spec.args, spec.sparkConf and spec.deps change what it submits");
        }

        if (container.Name == OwnedPaths.SubmitContainer && container.Args is not null)
        {
            context.Fail($"{path}.args", "is the operator's spark-submit invocation; spec.args, spec.sparkConf and spec.deps change what it submits");
        }

        if (container.TerminationMessagePolicy is not null || container.TerminationMessagePath is not null)
        {
            context.Fail($"{path}.{(container.TerminationMessagePolicy is not null ? "terminationMessagePolicy" : "terminationMessagePath")}", "is set by the operator: it reports why the container failed from the termination message");
        }
    }
}
