using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// Plays spark-submit without a JVM. For every submit pod the operator's Job starts (once it is
/// Running, as the real one starts then), it creates the driver pod spark-submit would create, from
/// the driver template in the attempt's ConfigMap, named by spark.kubernetes.driver.pod.name, with
/// Spark's labels (spark-role, spark-app-selector, spark-app-name) and <c>kubebox/outcome</c> so
/// KWOK finishes it; then it marks the submit pod Succeeded (exit 0) so the Job completes.
/// A second submission for an existing driver fails as Spark's would (409), and is counted.
/// </summary>
internal sealed class FakeSparkSubmit(IKubernetes client, int workers = 16)
{
    public const string SubmitPodSelector = "app.kubernetes.io/component=submit,app.kubernetes.io/managed-by=spark-operator";
    private const string OutcomeAnnotation = "kubebox/outcome";

    private readonly Channel<V1Pod> _queue = Channel.CreateUnbounded<V1Pod>();
    private readonly ConcurrentDictionary<string, byte> _taken = new();
    private readonly ConcurrentDictionary<string, string> _driversCreated = new();
    private int _submissions;
    private int _duplicateDrivers;
    private int _errors;

    /// <summary>Decides, per namespace and application name, whether its driver succeeds (true) or keeps running (false).</summary>
    public Func<string, string, bool> DriverSucceeds { get; init; } = (_, _) => true;

    /// <summary>Submit pods handled (drivers created and submit pods completed).</summary>
    public int Submissions => Volatile.Read(ref _submissions);

    /// <summary>Driver creations refused because a driver of that name already existed (a second submission of an attempt).</summary>
    public int DuplicateDrivers => Volatile.Read(ref _duplicateDrivers);

    /// <summary>API errors retried.</summary>
    public int Errors => Volatile.Read(ref _errors);

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var watch = WatchLoop.PodsAsync(client, SubmitPodSelector, (type, pod) =>
        {
            if (type != WatchEventType.Deleted && pod.Status?.Phase == "Running" && _taken.TryAdd(pod.Metadata.Uid, 0))
            {
                _queue.Writer.TryWrite(pod);
            }
        }, cancellationToken);
        var work = Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
        return Task.WhenAll([watch, .. work]);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pod in _queue.Reader.ReadAllAsync(cancellationToken))
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        await SubmitAsync(pod, cancellationToken);
                        Interlocked.Increment(ref _submissions);
                        break;
                    }
                    catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        break; // the pod or its ConfigMap went (application deleted): nothing to submit
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested && attempt < 120)
                    {
                        Interlocked.Increment(ref _errors);
                        await Task.Delay(500, cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SubmitAsync(V1Pod submitPod, CancellationToken cancellationToken)
    {
        var ns = submitPod.Metadata.NamespaceProperty;
        var args = submitPod.Spec.Containers[0].Args ?? [];
        var driverName = Conf(args, "spark.kubernetes.driver.pod.name") ?? throw new InvalidOperationException("no driver pod name in the submit args");
        var appName = Arg(args, "--name") ?? driverName;
        var image = Conf(args, "spark.kubernetes.container.image") ?? submitPod.Spec.Containers[0].Image;
        var configMap = submitPod.Spec.Volumes?.FirstOrDefault(v => v.Name == OwnedPaths.PodTemplatesVolume)?.ConfigMap?.Name
            ?? throw new InvalidOperationException("no pod templates volume");

        var templates = await client.CoreV1.ReadNamespacedConfigMapAsync(configMap, ns, cancellationToken: cancellationToken);
        var driver = KubernetesYaml.Deserialize<V1Pod>(templates.Data[OwnedPaths.DriverTemplateFile]);
        driver.Metadata ??= new V1ObjectMeta();
        driver.Metadata.Name = driverName;
        driver.Metadata.NamespaceProperty = ns;
        driver.Metadata.Labels ??= new Dictionary<string, string>();
        driver.Metadata.Labels["spark-role"] = "driver";
        driver.Metadata.Labels["spark-app-selector"] = "spark-" + Guid.NewGuid().ToString("N");
        driver.Metadata.Labels["spark-app-name"] = appName;
        driver.Metadata.Annotations ??= new Dictionary<string, string>();
        var instance = driver.Metadata.Labels.TryGetValue(SubmissionLabels.Instance, out var i) ? i : appName;
        if (DriverSucceeds(ns, instance))
        {
            driver.Metadata.Annotations[OutcomeAnnotation] = "succeed";
        }

        driver.Spec.RestartPolicy = "Never";
        foreach (var container in driver.Spec.Containers)
        {
            container.Image ??= image;
        }

        var key = $"{ns}/{driverName}";
        try
        {
            await client.CoreV1.CreateNamespacedPodAsync(driver, ns, cancellationToken: cancellationToken);
            _driversCreated[key] = submitPod.Metadata.Uid;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Our own earlier try for this very pod (its status write failed) is not a second submission.
            if (!_driversCreated.TryGetValue(key, out var by) || by != submitPod.Metadata.Uid)
            {
                Interlocked.Increment(ref _duplicateDrivers);
            }
        }

        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var container0 = submitPod.Spec.Containers[0];
        var terminated = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = now, ["finishedAt"] = now };
        var status = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["phase"] = "Succeeded",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = "PodCompleted" }),
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = container0.Name,
                    ["image"] = container0.Image,
                    ["imageID"] = "",
                    ["ready"] = false,
                    ["restartCount"] = 0,
                    ["started"] = false,
                    ["state"] = new JsonObject { ["terminated"] = terminated },
                }),
            },
        }.ToJsonString();
        await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), submitPod.Metadata.Name, ns, cancellationToken: cancellationToken);
    }

    private static string? Conf(IList<string> args, string key)
    {
        var prefix = key + "=";
        for (var i = 0; i < args.Count; i++)
        {
            var value = args[i] == "--conf" && i + 1 < args.Count ? args[i + 1] : args[i].StartsWith("--conf=", StringComparison.Ordinal) ? args[i][7..] : null;
            if (value is not null && value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return value[prefix.Length..];
            }
        }

        return null;
    }

    private static string? Arg(IList<string> args, string flag)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == flag)
            {
                return args[i + 1];
            }
        }

        return null;
    }
}
