using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Submission;
using SparkOperator.Validation;

namespace SparkOperator.Controllers;

/// <summary>
/// Reads the account an application names (driver.serviceAccountName) from the API server right
/// before a submission, not from a cache: whether it may be used is its admin's current word, and
/// only applications naming one pay for the read.
/// </summary>
internal static class NamedAccountCheck
{
    /// <summary>Why the application's named account may not be used, or null (also when it names none).</summary>
    public static async Task<string?> RefusalAsync(IKubernetes client, SparkApplication app, PodPolicy policy, CancellationToken cancellationToken)
    {
        if (RbacBuilder.NamedAccount(app) is not { } name)
        {
            return null;
        }

        var ns = app.Metadata.NamespaceProperty;
        V1ServiceAccount? account;
        try
        {
            account = await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            account = null;
        }

        return ServiceAccountRules.Refusal(account, ns, name, policy);
    }
}
