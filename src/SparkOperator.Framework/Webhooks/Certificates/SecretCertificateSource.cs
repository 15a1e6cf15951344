using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>
/// Serves the certificate of a <c>kubernetes.io/tls</c> Secret, read through the API every
/// <see cref="WebhookCertificateOptions.ReloadInterval"/>, on every replica. Read rather than
/// mounted: a pod mounting a missing Secret does not start, and the Secret is made by the
/// operator itself (or cert-manager) after the pod is up; a mounted Secret also reaches the pod
/// a minute or more after a rotation. A new pair replaces the served one at once, and only when it
/// passes <see cref="CertificateInspection"/>; a Secret that is gone or broken keeps the pair
/// already served, so the webhook stays up through a hand edit or a rotation half done.
/// </summary>
public sealed class SecretCertificateSource(
    IKubernetes client,
    WebhookCertificateOptions options,
    TimeProvider time,
    ILogger<SecretCertificateSource> logger) : BackgroundService, IServerCertificateSource
{
    private Loaded? current;
    private string lastProblem = string.Empty;

    private sealed record Loaded(X509Certificate2 Certificate, byte[] CertificateBytes, byte[] KeyBytes);

    /// <summary>True once a certificate is served (what readiness waits for).</summary>
    public bool IsLoaded => Volatile.Read(ref current) is not null;

    /// <inheritdoc />
    public X509Certificate2? GetCertificate() => Volatile.Read(ref current)?.Certificate;

    /// <inheritdoc />
    public override void Dispose()
    {
        current?.Certificate.Dispose();
        base.Dispose();
    }

    /// <summary>Reads the Secret now and at every reload interval until the host stops.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReloadInterval, time);
        try
        {
            do
            {
                await ReloadAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads the Secret once and swaps to its pair when that is new and valid. Returns whether it swapped.</summary>
    internal async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        V1Secret? secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(options.SecretName, options.SecretNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            secret = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Problem($"reading it failed: {e.Message}");
            return false;
        }

        var loaded = Volatile.Read(ref current);
        if (loaded is not null && secret?.Data is { } data
            && data.TryGetValue(CertificateBundle.CertificateKey, out var certificateBytes) && certificateBytes.AsSpan().SequenceEqual(loaded.CertificateBytes)
            && data.TryGetValue(CertificateBundle.PrivateKeyKey, out var keyBytes) && keyBytes.AsSpan().SequenceEqual(loaded.KeyBytes))
        {
            lastProblem = string.Empty;
            return false;
        }

        var state = CertificateInspection.Inspect(secret?.Data, [.. options.Names], options.Lifetimes, time.GetUtcNow());
        if (!state.IsServable)
        {
            Problem(state.Reason);
            return false;
        }

        try
        {
            var certificate = secret!.Data[CertificateBundle.CertificateKey];
            var key = secret.Data[CertificateBundle.PrivateKeyKey];
            var pair = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(certificate), Encoding.ASCII.GetString(key));

            // A handshake in flight may still hold the previous certificate; it is left to the GC.
            Volatile.Write(ref current, new Loaded(pair, certificate, key));
            lastProblem = string.Empty;
            logger.LogInformation("Webhook certificate {Subject} (expires {NotAfter:o}) loaded from Secret {Namespace}/{Secret}",
                pair.Subject, pair.NotAfter.ToUniversalTime(), options.SecretNamespace, options.SecretName);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            Problem(e.Message);
            return false;
        }
    }

    /// <summary>Logged when it changes, not at every reload: a Secret not made yet is expected at start.</summary>
    private void Problem(string reason)
    {
        if (reason == lastProblem)
        {
            return;
        }

        lastProblem = reason;
        logger.Log(
            IsLoaded ? LogLevel.Warning : LogLevel.Information,
            "Webhook certificate Secret {Namespace}/{Secret} not used: {Reason}; {Kept}",
            options.SecretNamespace, options.SecretName, reason, IsLoaded ? "keeping the certificate served" : "no certificate served yet");
    }
}
