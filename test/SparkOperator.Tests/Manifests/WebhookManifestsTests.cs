using System.Text;
using k8s;
using SparkOperator.Hosting;
using SparkOperator.Manifests;

namespace SparkOperator.Tests.Manifests;

public class WebhookManifestsTests
{
    [Test]
    public void Installed_webhook_goes_through_the_service()
    {
        var webhook = WebhookManifests.BuildValidatingConfiguration(WebhookManifests.ServiceClientConfig()).Webhooks.First();
        Assert.That(webhook.ClientConfig.Service.Name, Is.EqualTo(OperatorDefaults.WebhookServiceName));
        Assert.That(webhook.ClientConfig.Service.NamespaceProperty, Is.EqualTo(OperatorDefaults.Namespace));
        Assert.That(webhook.ClientConfig.Service.Path, Is.EqualTo(OperatorDefaults.ValidateSparkApplicationPath));
        Assert.That(webhook.ClientConfig.Url, Is.Null);
        Assert.That(webhook.FailurePolicy, Is.EqualTo("Fail"));
        Assert.That(webhook.SideEffects, Is.EqualTo("None"));
        Assert.That(webhook.AdmissionReviewVersions, Is.EqualTo(new List<string> { "v1" }));
        var rule = webhook.Rules.Single();
        Assert.That(rule.ApiGroups, Is.EqualTo(new List<string> { "sparkoperator.dev" }));
        Assert.That(rule.ApiVersions, Is.EqualTo(new List<string> { "v1alpha1" }));
        Assert.That(rule.Resources, Is.EqualTo(new List<string> { "sparkapplications" }));
        Assert.That(rule.Operations, Is.EqualTo(new List<string> { "CREATE", "UPDATE" }));
    }

    [Test]
    public void History_servers_are_validated_by_a_second_webhook_of_the_same_configuration()
    {
        var webhooks = WebhookManifests.BuildValidatingConfiguration(WebhookManifests.ServiceClientConfig()).Webhooks;
        Assert.That(webhooks.Select(w => w.Rules.Single().Resources.Single()), Is.EqualTo(new[] { "sparkapplications", "sparkhistoryservers", "scheduledsparkapplications" }));
        Assert.That(webhooks[1].ClientConfig.Service.Path, Is.EqualTo(OperatorDefaults.ValidateSparkHistoryServerPath));
        Assert.That(webhooks[1].ClientConfig.Service.Name, Is.EqualTo(OperatorDefaults.WebhookServiceName));
        Assert.That(webhooks[1].MatchConditions.Single().Expression, Is.EqualTo(WebhookManifests.SpecWrittenCondition));
    }

    [Test]
    public void In_process_webhook_goes_to_a_url_with_its_ca()
    {
        var ca = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\n...");
        var configuration = WebhookManifests.BuildValidatingConfiguration(WebhookManifests.UrlClientConfig(new Uri("https://127.0.0.1:9443"), ca));
        var clientConfig = configuration.Webhooks.First().ClientConfig;
        Assert.That(clientConfig.Url, Is.EqualTo("https://127.0.0.1:9443/validate/sparkapplications"));
        Assert.That(clientConfig.Service, Is.Null);
        Assert.That(configuration.Webhooks[1].ClientConfig.Url, Is.EqualTo("https://127.0.0.1:9443/validate/sparkhistoryservers"));
        Assert.That(configuration.Webhooks[1].ClientConfig.CaBundle, Is.EqualTo(ca));
        Assert.That(KubernetesJson.Serialize(configuration), Does.Contain($"\"caBundle\":\"{Convert.ToBase64String(ca)}\""));
    }

    [Test]
    public void Scheduled_applications_have_their_own_webhook_at_their_own_path_reached_the_same_way()
    {
        var ca = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\n...");
        var byUrl = WebhookManifests.BuildValidatingConfiguration(WebhookManifests.UrlClientConfig(new Uri("https://127.0.0.1:9443"), ca)).Webhooks;
        var byService = WebhookManifests.BuildValidatingConfiguration(WebhookManifests.ServiceClientConfig()).Webhooks;
        Assert.That(byUrl.Select(w => w.Name), Is.EqualTo(new[] { "validate.sparkapplications.sparkoperator.dev", "validate.sparkhistoryservers.sparkoperator.dev", "validate.scheduledsparkapplications.sparkoperator.dev" }));
        var scheduled = byUrl[2];
        Assert.That(scheduled.ClientConfig.Url, Is.EqualTo("https://127.0.0.1:9443" + OperatorDefaults.ValidateScheduledSparkApplicationPath));
        Assert.That(scheduled.ClientConfig.CaBundle, Is.EqualTo(ca));
        Assert.That(scheduled.Rules.Single().Resources, Is.EqualTo(new[] { "scheduledsparkapplications" }));
        Assert.That(scheduled.MatchConditions.Single().Expression, Is.EqualTo(WebhookManifests.SpecWrittenCondition));
        Assert.That(byService[2].ClientConfig.Service.Path, Is.EqualTo(OperatorDefaults.ValidateScheduledSparkApplicationPath));
        Assert.That(byService[2].ClientConfig.Service.Name, Is.EqualTo(OperatorDefaults.WebhookServiceName));
    }

    [Test]
    public void The_deployment_mounts_no_certificate_and_the_rotator_may_touch_only_its_own_objects()
    {
        var pod = ManagerManifests.Deployment().Spec.Template.Spec;
        Assert.That(pod.Volumes.Where(v => v.Secret is not null), Is.Empty, "the certificate is read through the API");
        var secrets = WebhookCertificateRbac.Role().Rules;
        Assert.That(secrets.Single(r => r.Verbs.Contains("update")).ResourceNames, Is.EqualTo(new[] { OperatorDefaults.WebhookCertificateSecret }));
        Assert.That(secrets.Single(r => r.Verbs.Contains("create")).Verbs, Is.EqualTo(new[] { "create" }));
        var configuration = WebhookCertificateRbac.ClusterRole().Rules.Single();
        Assert.That((configuration.ResourceNames.Single(), string.Join(",", configuration.Verbs)), Is.EqualTo((WebhookManifests.ConfigurationName, "get,patch")));
    }
}
