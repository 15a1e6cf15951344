using k8s.Models;
using SparkOperator.Hosting;

namespace SparkOperator.Manifests;

/// <summary>The ScheduledSparkApplication webhook is reached as the SparkApplication one is, at its own path.</summary>
internal static class ScheduledWebhook
{
    public static Admissionregistrationv1WebhookClientConfig ClientConfig(Admissionregistrationv1WebhookClientConfig sparkApplication)
    {
        ArgumentNullException.ThrowIfNull(sparkApplication);
        var path = OperatorDefaults.ValidateScheduledSparkApplicationPath;
        return new Admissionregistrationv1WebhookClientConfig
        {
            CaBundle = sparkApplication.CaBundle,
            Url = sparkApplication.Url is { } url ? new Uri(new Uri(url), path).ToString() : null,
            Service = sparkApplication.Service is { } service
                ? new Admissionregistrationv1ServiceReference { Name = service.Name, NamespaceProperty = service.NamespaceProperty, Port = service.Port, Path = path }
                : null,
        };
    }
}
