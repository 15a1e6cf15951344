using FluentValidation;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Hosting;
using SparkOperator.Policy;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.Validation;

/// <summary>
/// The account an application runs as. Naming an account is running with its rights, so a name is
/// only a name of the application's own namespace (no ':' or '/' can reach another), never one of
/// the accounts the operator makes for applications, and, checked by the controller on the live
/// account before each attempt, one the namespace's admin has marked for Spark.
/// </summary>
internal static class ServiceAccountRules
{
    /// <summary>The reason in conditions and Events when the named account may not be used.</summary>
    public const string NotUsableReason = "ServiceAccountNotUsable";

    /// <summary>driver.serviceAccountName's syntax.</summary>
    public static void Name(string? name, ValidationContext<DriverSpec> context)
    {
        if (name is null)
        {
            return;
        }

        if (!KubernetesNames.IsDns1123Subdomain(name))
        {
            context.Fail(context.PropertyPath, $"'{SpecRules.Shorten(name)}' is not a ServiceAccount name: at most {KubernetesNames.MaxSubdomainLength} lower-case letters, digits, '-' or '.', starting and ending with a letter or digit; it names an account of the application's own namespace");
        }
        else if (ResourceNames.IsOperatorAccountName(name))
        {
            context.Fail(context.PropertyPath, $"'{name}' ends in {ResourceNames.ServiceAccountSuffix}, the form of the accounts the operator makes for applications (<app>{ResourceNames.ServiceAccountSuffix}); name an account of your namespace that is not one of them");
        }
    }

    /// <summary>spec.serviceAccount describes the operator-made account, which a named account replaces.</summary>
    public static void NotWithNamedAccount(ServiceAccountSpec? metadata, ValidationContext<SparkApplicationSpec> context)
    {
        if (metadata is not null && !string.IsNullOrEmpty(context.InstanceToValidate.Driver?.ServiceAccountName))
        {
            context.Fail(context.PropertyPath, "describes the account the operator makes, and driver.serviceAccountName names an existing account instead: put the annotations and labels on that account, or leave driver.serviceAccountName unset");
        }
    }

    /// <summary>
    /// Why the live <paramref name="account"/> (null: it does not exist) may not be named, or null
    /// when it may. The message says how to make it usable.
    /// </summary>
    public static string? Refusal(V1ServiceAccount? account, string ns, string name, PodPolicy policy)
    {
        var mark = $"kubectl -n {ns} label serviceaccount {name} {OwnedLabels.UsableBySparkApplications}={OwnedLabels.UsableBySparkApplicationsValue}";
        if (account is null)
        {
            return $"ServiceAccount {ns}/{name} named by spec.driver.serviceAccountName does not exist; its namespace's admin creates it, binds it to the ClusterRole {OperatorDefaults.DriverClusterRole} and marks it for Spark applications: {mark}";
        }

        if (account.Metadata.OwnerReferences?.Any(o => o.Kind == SparkApplication.KindName) == true)
        {
            return $"ServiceAccount {ns}/{name} named by spec.driver.serviceAccountName belongs to another SparkApplication; name an account of your own";
        }

        var marked = account.Metadata.Labels?.TryGetValue(OwnedLabels.UsableBySparkApplications, out var value) == true && value == OwnedLabels.UsableBySparkApplicationsValue;
        if (marked || (policy.AllowAnyServiceAccount && name != "default"))
        {
            return null;
        }

        return $"ServiceAccount {ns}/{name} named by spec.driver.serviceAccountName is not marked for Spark applications; its namespace's admin marks it with: {mark}"
            + (name == "default" ? "" : $" (or an operator administrator allows any account with {PodPolicy.AllowAnyServiceAccountSetting})");
    }
}

/// <summary>spec.serviceAccount: metadata for the account the operator makes, bound by the pod policy.</summary>
internal sealed class ServiceAccountSpecValidator : AbstractValidator<ServiceAccountSpec>
{
    // The control plane reads these domains' keys on accounts (mountable secrets, token bindings).
    private static readonly string[] ReservedDomains = ["kubernetes.io", "k8s.io"];

    public ServiceAccountSpecValidator(PodPolicy policy)
    {
        RuleFor(a => a.Labels).Custom((labels, context) => MetadataRules.Keys(labels, checkValues: true, context.PropertyPath, context));
        RuleFor(a => a.Labels).Custom(CheckOwnedLabels);
        RuleFor(a => a.Annotations).Custom((annotations, context) => MetadataRules.Keys(annotations, checkValues: false, context.PropertyPath, context));
        RuleFor(a => a.Annotations).Custom((annotations, context) => CheckAnnotationKeys(annotations, policy, context));
    }

    private static void CheckOwnedLabels(IDictionary<string, string>? labels, ValidationContext<ServiceAccountSpec> context)
    {
        foreach (var key in (labels?.Keys ?? []).Take(ValidationLimits.MaxItems))
        {
            if (OwnedLabels.IsOwned(key))
            {
                context.Fail($"{context.PropertyPath}[{key}]", "is a label the operator finds what it made by; use another key");
            }
            else if (key == OwnedLabels.UsableBySparkApplications)
            {
                context.Fail($"{context.PropertyPath}[{key}]", "is the mark only a namespace's admin puts on an account that applications may name; the operator-made account cannot carry it");
            }
        }
    }

    private static void CheckAnnotationKeys(IDictionary<string, string>? annotations, PodPolicy policy, ValidationContext<ServiceAccountSpec> context)
    {
        foreach (var key in (annotations?.Keys ?? []).Take(ValidationLimits.MaxItems))
        {
            context.ThrowIfCancellationRequested();
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var domain = slash < 0 ? "" : key[..slash];
            if (ReservedDomains.Any(d => domain == d || domain.EndsWith("." + d, StringComparison.Ordinal)))
            {
                context.Fail($"{context.PropertyPath}[{SpecRules.Shorten(key)}]", $"is a {domain} annotation, which the control plane reads on accounts; it is never allowed");
            }
            else if (!policy.AllowsServiceAccountAnnotation(key))
            {
                var allowed = policy.AllowedServiceAccountAnnotationPrefixes.Count == 0 ? "none" : string.Join(", ", policy.AllowedServiceAccountAnnotationPrefixes);
                context.Fail($"{context.PropertyPath}[{SpecRules.Shorten(key)}]", $"is not under an annotation prefix the operator's pod policy allows on the account it makes ({allowed}); an operator administrator can allow it with {PodPolicy.AllowedServiceAccountAnnotationPrefixesSetting}");
            }
        }
    }
}
