using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Manifests;

namespace SparkOperator.IntegrationTests.Webhooks;

/// <summary>
/// The generated webhook registration holds no write hostage while the webhook is down: the test
/// registers it (by URL, as the kit's API server cannot reach Services) pointing at a port nothing
/// listens on, so the API server fails every call it makes (failurePolicy Fail). Writes that do not
/// touch spec, and anything in kube-system, must still go through.
/// </summary>
public class WebhookAvailabilityTests : SparkApplicationTest
{
    [Test]
    public async Task A_dead_webhook_blocks_spec_writes_only_and_never_kube_system_or_a_deletion()
    {
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("held", outcome: null));
        await WaitForAppAsync("held", a => a.Metadata.Finalizers?.Contains("sparkoperator.dev/cleanup") == true, "to carry the operator's finalizer");

        await RegisterDeadWebhookAsync();
        var (code, output) = (0, string.Empty);
        await Eventually.UntilAsync(
            async () =>
            {
                (code, output) = await Kubectl.RunAsync(["patch", "sparkapplication", "held", "-n", Namespace, "--type=merge", "-p", """{"spec":{"args":["1"]}}"""]);
                return code != 0 && output.Contains("failed calling webhook", StringComparison.Ordinal);
            },
            "the API server to call the dead webhook for a spec change",
            TimeSpan.FromSeconds(30),
            () => output);

        // Labels and annotations are metadata: not the webhook's business.
        await Kubectl.ExpectAsync(0, ["label", "sparkapplication", "held", "-n", Namespace, "team=data"]);
        await Kubectl.ExpectAsync(0, ["annotate", "sparkapplication", "held", "-n", Namespace, "note=kept"]);

        // kube-system is exempt: a SparkApplication there is stored (nothing watches it; it is deleted again).
        var system = TestManifests.SparkPi($"exempt-{Namespace}");
        system["metadata"]!["namespace"] = "kube-system";
        await Kubectl.ExpectAsync(0, ["create", "-f", "-"], system.ToJsonString());
        await Kubectl.ExpectAsync(0, ["delete", "sparkapplication", $"exempt-{Namespace}", "-n", "kube-system", "--wait=false"]);

        // Deleting an application removes the operator's finalizer with an update the webhook is not asked about.
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, "held");
        await Eventually.UntilAsync(async () => await GetAppAsync("held") is null, "held to be deleted through its finalizer", TimeSpan.FromSeconds(60));
    }

    /// <summary>The generated configuration, at a dead URL, limited to this test's namespace and kube-system.</summary>
    private async Task RegisterDeadWebhookAsync()
    {
        using var ca = SparkOperator.Framework.Webhooks.DevelopmentCertificateAuthority.Create(["localhost"]);
        var configuration = WebhookManifests.BuildValidatingConfiguration(
            WebhookManifests.UrlClientConfig(new Uri("https://127.0.0.1:9"), Encoding.ASCII.GetBytes(ca.CaPem)));
        configuration.Metadata.Name = $"dead-{Namespace}";
        foreach (var webhook in configuration.Webhooks)
        {
            // The generated NotIn stays; In keeps every other test's namespace out of reach.
            webhook.NamespaceSelector.MatchExpressions.Add(new V1LabelSelectorRequirement
            {
                Key = "kubernetes.io/metadata.name",
                OperatorProperty = "In",
                Values = [Namespace, "kube-system"],
            });
        }

        await Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration);
        OnTearDown(async () => await Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(configuration.Metadata.Name));
        Saw($"dead webhook {configuration.Metadata.Name} registered");
    }
}
