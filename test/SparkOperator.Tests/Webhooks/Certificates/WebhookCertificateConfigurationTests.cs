using Microsoft.Extensions.Configuration;
using SparkOperator.Framework.Webhooks.Certificates;
using SparkOperator.Hosting;

namespace SparkOperator.Tests.Webhooks.Certificates;

/// <summary>The certificate settings the operator reads, and their defaults.</summary>
public class WebhookCertificateConfigurationTests
{
    private static WebhookCertificateOptions Read(params (string Key, string Value)[] values) =>
        WebhookCertificateConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Test]
    public void Defaults_name_the_generated_install()
    {
        var options = Read();
        Assert.That(options.SecretNamespace, Is.EqualTo("spark-operator"));
        Assert.That(options.SecretName, Is.EqualTo("spark-operator-webhook-tls"));
        Assert.That(options.ConfigurationName, Is.EqualTo("spark-operator"));
        Assert.That(options.Names, Is.EqualTo(WebhookServer.ServiceDnsNames));
        Assert.That(options.Lifetimes, Is.EqualTo(CertificateLifetimes.Default));
        Assert.That((options.CheckInterval, options.ReloadInterval), Is.EqualTo((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10))));
        Assert.That(WebhookCertificateConfiguration.Manage(new ConfigurationBuilder().Build()), Is.True);
    }

    [Test]
    public void The_pod_namespace_and_settings_are_honoured()
    {
        var options = Read(
            ("POD_NAMESPACE", "ops"),
            ("Webhook:CertificateSecret", "tls"),
            ("Webhook:ConfigurationName", "mine"),
            ("Webhook:CertificateExtraNames", "127.0.0.1, localhost"),
            ("Webhook:CaLifetime", "00:01:00"),
            ("Webhook:CertificateLifetime", "00:00:40"),
            ("Webhook:CertificateRenewBefore", "00:00:20"),
            ("Webhook:RotationCheckInterval", "00:00:02"),
            ("Webhook:CertificateReloadInterval", "00:00:01"));
        Assert.That(options.SecretNamespace, Is.EqualTo("ops"));
        Assert.That(options.SecretName, Is.EqualTo("tls"));
        Assert.That(options.ConfigurationName, Is.EqualTo("mine"));
        Assert.That(options.Names, Is.EqualTo(new[] { "spark-operator-webhook", "spark-operator-webhook.ops", "spark-operator-webhook.ops.svc", "spark-operator-webhook.ops.svc.cluster.local", "127.0.0.1", "localhost" }));
        Assert.That(options.Lifetimes, Is.EqualTo(new CertificateLifetimes { Ca = TimeSpan.FromMinutes(1), Certificate = TimeSpan.FromSeconds(40), RenewBefore = TimeSpan.FromSeconds(20) }));
        Assert.That((options.CheckInterval, options.ReloadInterval), Is.EqualTo((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1))));
    }
}
