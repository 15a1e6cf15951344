using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Serves <c>tls.crt</c>/<c>tls.key</c> from a directory (a mounted kubernetes.io/tls Secret) and
/// picks up renewals. At most once per <c>checkInterval</c> a handshake re-reads both files and
/// reloads when their bytes changed; content is compared rather than mtimes because the kubelet
/// swaps Secret files through a symlink whose own times do not change. A pair that does not load
/// (half-written, key not matching) keeps the previous certificate and is tried again later.
/// </summary>
public sealed class CertificateFileSource : IServerCertificateSource, IDisposable
{
    /// <summary>File name of the PEM certificate (chain) in the directory.</summary>
    public const string CertificateFile = "tls.crt";

    /// <summary>File name of the PEM private key in the directory.</summary>
    public const string KeyFile = "tls.key";

    private readonly string certificatePath;
    private readonly string keyPath;
    private readonly TimeProvider time;
    private readonly TimeSpan checkInterval;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private Loaded current;
    private long nextCheck;

    private sealed record Loaded(X509Certificate2 Certificate, byte[] CertificateBytes, byte[] KeyBytes);

    /// <summary>Loads the pair now; throws when it is missing or invalid, so a broken mount fails at startup.</summary>
    public CertificateFileSource(string directory, TimeSpan checkInterval, ILogger<CertificateFileSource> logger, TimeProvider? time = null)
    {
        certificatePath = Path.Combine(directory, CertificateFile);
        keyPath = Path.Combine(directory, KeyFile);
        this.checkInterval = checkInterval;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
        var certificateBytes = File.ReadAllBytes(certificatePath);
        var keyBytes = File.ReadAllBytes(keyPath);
        current = new Loaded(Load(certificateBytes, keyBytes), certificateBytes, keyBytes);
        nextCheck = this.time.GetTimestamp() + ToTicks(checkInterval);
        logger.LogInformation("Webhook certificate {Subject} (expires {NotAfter:o}) loaded from {Directory}",
            current.Certificate.Subject, current.Certificate.NotAfter, directory);
    }

    /// <inheritdoc />
    public X509Certificate2 GetCertificate()
    {
        var now = time.GetTimestamp();
        if (now < Volatile.Read(ref nextCheck))
        {
            return Volatile.Read(ref current).Certificate;
        }

        lock (gate)
        {
            if (now >= nextCheck)
            {
                nextCheck = now + ToTicks(checkInterval);
                Refresh();
            }

            return current.Certificate;
        }
    }

    /// <inheritdoc />
    public void Dispose() => current.Certificate.Dispose();

    private void Refresh()
    {
        byte[] certificateBytes, keyBytes;
        try
        {
            certificateBytes = File.ReadAllBytes(certificatePath);
            keyBytes = File.ReadAllBytes(keyPath);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Cannot read the webhook certificate; keeping the current one");
            return;
        }
        catch (UnauthorizedAccessException e)
        {
            logger.LogWarning(e, "Cannot read the webhook certificate; keeping the current one");
            return;
        }

        if (certificateBytes.AsSpan().SequenceEqual(current.CertificateBytes) && keyBytes.AsSpan().SequenceEqual(current.KeyBytes))
        {
            return;
        }

        try
        {
            var loaded = Load(certificateBytes, keyBytes);
            // The old certificate may still be in use by a handshake in flight; it is left to the GC.
            Volatile.Write(ref current, new Loaded(loaded, certificateBytes, keyBytes));
            logger.LogInformation("Webhook certificate reloaded: {Subject} (expires {NotAfter:o})", loaded.Subject, loaded.NotAfter);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: a certificate and key that do not belong together (renewal caught between the two files).
            logger.LogWarning(e, "The changed webhook certificate does not load (yet); keeping the current one");
        }
    }

    private static X509Certificate2 Load(byte[] certificatePem, byte[] keyPem) =>
        X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(certificatePem), System.Text.Encoding.ASCII.GetString(keyPem));

    private long ToTicks(TimeSpan interval) => (long)(interval.TotalSeconds * time.TimestampFrequency);
}
