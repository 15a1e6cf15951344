using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SparkOperator.Framework.Leadership;
using SparkOperator.Framework.Telemetry;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>
/// Keeps the webhook's Secret and the caBundles that trust it, on the leader only, as
/// controller-runtime's cert rotator does. Every <see cref="WebhookCertificateOptions.CheckInterval"/>
/// it reads the Secret. When it is missing, invalid or expiring, a new CA and certificate are made,
/// the new CA is added to every webhook's caBundle first (keeping the previous CA, so replicas
/// still serving the old certificate stay trusted), and only then the Secret is written: the
/// API server never meets a certificate it does not trust yet. When the Secret is valid, a
/// caBundle without its CA is repaired. A missing ValidatingWebhookConfiguration is a Warning,
/// never recreated: deleting it is how an administrator turns the webhook off. Nothing thrown by
/// the API server leaves the loop; a failed round is retried at the next interval.
/// </summary>
internal sealed class CertificateRotator(
    IKubernetes client,
    ILeadership leadership,
    WebhookCertificateOptions options,
    TimeProvider time,
    ILogger<CertificateRotator> logger,
    FrameworkMetrics? metrics = null) : BackgroundService
{

    /// <summary>The last round's outcome (null before the first); for tests and diagnostics.</summary>
    public RotationOutcome? LastOutcome { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await leadership.WhenLeadingAsync(stoppingToken).ConfigureAwait(false);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leadership.Lost);
            using var timer = new PeriodicTimer(options.CheckInterval, time);
            do
            {
                LastOutcome = await RoundAsync(leading.Token).ConfigureAwait(false);
                metrics?.CertificateRounds.Add(1, new KeyValuePair<string, object?>("outcome", LastOutcome.ToString()));
            }
            while (await timer.WaitForNextTickAsync(leading.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One check: reads, decides, writes. Never throws but for cancellation.</summary>
    internal async Task<RotationOutcome> RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DecideAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            logger.LogInformation("Secret {Namespace}/{Secret} was written by someone else first; reading it again next round",
                options.SecretNamespace, options.SecretName);
            return RotationOutcome.Conflict;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Webhook certificate check failed; retrying in {Interval}", options.CheckInterval);
            return RotationOutcome.Failed;
        }
    }

    private async Task<RotationOutcome> DecideAsync(CancellationToken cancellationToken)
    {
        var secret = await ReadSecretAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var state = CertificateInspection.Inspect(secret?.Data, [.. options.Names], options.Lifetimes, now);
        var configuration = await ReadConfigurationAsync(cancellationToken).ConfigureAwait(false);
        if (state.Status == CertificateStatus.Valid)
        {
            if (configuration is null)
            {
                return ConfigurationMissing();
            }

            var repaired = await TrustAsync(configuration, state.CaPem!, now, cancellationToken).ConfigureAwait(false);
            if (repaired)
            {
                logger.LogWarning("caBundle of {Configuration} lacked the CA of Secret {Namespace}/{Secret}; repaired",
                    options.ConfigurationName, options.SecretNamespace, options.SecretName);
            }

            return repaired ? RotationOutcome.Repaired : RotationOutcome.Unchanged;
        }

        logger.LogInformation("Webhook certificate in Secret {Namespace}/{Secret} is {Status} ({Reason}); issuing a new CA and certificate",
            options.SecretNamespace, options.SecretName, state.Status, state.Reason);
        var bundle = CertificateIssuer.Issue(options.Names, options.Lifetimes, now);
        if (configuration is not null)
        {
            await TrustAsync(configuration, bundle.CaPem, now, cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.CaBundlePropagation, time, cancellationToken).ConfigureAwait(false);
        }

        await WriteSecretAsync(secret, bundle, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Webhook certificate rotated in Secret {Namespace}/{Secret}", options.SecretNamespace, options.SecretName);
        return configuration is null ? ConfigurationMissing() : RotationOutcome.Rotated;
    }

    private RotationOutcome ConfigurationMissing()
    {
        if (options.ConfigurationName is not null)
        {
            logger.LogWarning("ValidatingWebhookConfiguration {Configuration} does not exist; its caBundle cannot be kept (it is not recreated)",
                options.ConfigurationName);
        }

        return RotationOutcome.ConfigurationMissing;
    }

    /// <summary>
    /// Makes every webhook's caBundle hold <paramref name="caPem"/>, keeping the still-valid CA before
    /// it. One JSON patch for all webhooks, guarded by the resourceVersion read, so a concurrent edit
    /// fails the round rather than being overwritten blind. Returns whether anything was patched.
    /// </summary>
    private async Task<bool> TrustAsync(V1ValidatingWebhookConfiguration configuration, string caPem, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var operations = new JsonArray
        {
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = configuration.Metadata.ResourceVersion },
        };
        var webhooks = configuration.Webhooks ?? [];
        for (var i = 0; i < webhooks.Count; i++)
        {
            var current = webhooks[i].ClientConfig?.CaBundle;
            if (!CaBundle.Contains(current, caPem))
            {
                operations.Add(new JsonObject
                {
                    ["op"] = "add",
                    ["path"] = $"/webhooks/{i}/clientConfig/caBundle",
                    ["value"] = Convert.ToBase64String(CaBundle.Merge(caPem, current, now)),
                });
            }
        }

        if (operations.Count == 1)
        {
            return false;
        }

        await client.AdmissionregistrationV1.PatchValidatingWebhookConfigurationAsync(
            new V1Patch(operations.ToJsonString(), V1Patch.PatchType.JsonPatch), configuration.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task WriteSecretAsync(V1Secret? existing, CertificateBundle bundle, CancellationToken cancellationToken)
    {
        if (existing is null)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(
                new V1Secret
                {
                    Metadata = new V1ObjectMeta { Name = options.SecretName, NamespaceProperty = options.SecretNamespace },
                    Type = CertificateBundle.SecretType,
                    Data = bundle.ToSecretData(),
                },
                options.SecretNamespace,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        // The read resourceVersion stays in the metadata: a writer in between makes this a 409. The
        // type is kept, as it cannot change; every key but the three is kept too.
        existing.Data ??= new Dictionary<string, byte[]>();
        foreach (var (key, value) in bundle.ToSecretData())
        {
            existing.Data[key] = value;
        }

        await client.CoreV1.ReplaceNamespacedSecretAsync(existing, options.SecretName, options.SecretNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task<V1Secret?> ReadSecretAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(options.SecretName, options.SecretNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<V1ValidatingWebhookConfiguration?> ReadConfigurationAsync(CancellationToken cancellationToken)
    {
        if (options.ConfigurationName is null)
        {
            return null;
        }

        try
        {
            return await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync(options.ConfigurationName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
