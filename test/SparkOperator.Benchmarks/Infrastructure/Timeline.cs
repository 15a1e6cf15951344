using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Submission;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// When the benchmark first saw each application's submit Job and each phase, on this machine's
/// monotonic clock (Stopwatch ticks), from watches of Jobs and SparkApplications.
/// </summary>
internal sealed class Timeline
{
    public ConcurrentDictionary<string, long> JobSeen { get; } = new();

    public ConcurrentDictionary<string, long> Succeeded { get; } = new();

    public ConcurrentDictionary<string, long> Running { get; } = new();

    public ConcurrentDictionary<string, ApplicationPhase?> Phase { get; } = new();

    public ConcurrentDictionary<string, int> Attempt { get; } = new();

    /// <summary>When the operator visibly did something: a new submit Job, or an application's phase changed.</summary>
    public ConcurrentQueue<long> Progress { get; } = new();

    /// <summary>The first progress seen after <paramref name="since"/> (Stopwatch ticks), if any.</summary>
    public long? FirstProgressAfter(long since) => Progress.Where(t => t > since).Order().Cast<long?>().FirstOrDefault();

    public static string Key(string ns, string name) => $"{ns}/{name}";

    public Task RunAsync(IKubernetes client, CancellationToken cancellationToken) => Task.WhenAll(
        WatchLoop.JobsAsync(client, "app.kubernetes.io/component=submit,app.kubernetes.io/managed-by=spark-operator", (type, job) =>
        {
            if (type != WatchEventType.Deleted && job.GetLabel(SubmissionLabels.Instance) is { } instance)
            {
                var now = Stopwatch.GetTimestamp();
                if (JobSeen.TryAdd(Key(job.Namespace(), instance), now))
                {
                    Progress.Enqueue(now);
                }
            }
        }, cancellationToken),
        WatchLoop.RunAsync<SparkApplication>(
            async ct =>
            {
                var list = await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<KubernetesList<SparkApplication>>(
                    SparkApplication.GroupName, SparkApplication.Version, SparkApplication.Plural, cancellationToken: ct);
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (rv, ct) => Apps(client, rv, ct),
            (type, app) =>
            {
                var key = Key(app.Metadata.NamespaceProperty, app.Metadata.Name);
                if (type == WatchEventType.Deleted)
                {
                    Phase.TryRemove(key, out _);
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                if (!Phase.TryGetValue(key, out var before) || before != app.Status?.Phase)
                {
                    Progress.Enqueue(now);
                }

                Phase[key] = app.Status?.Phase;
                Attempt[key] = app.Status?.Attempt ?? 0;
                if (app.Status?.Phase == ApplicationPhase.Succeeded)
                {
                    Succeeded.TryAdd(key, now);
                }
                else if (app.Status?.Phase == ApplicationPhase.Running)
                {
                    Running.TryAdd(key, now);
                }
            },
            cancellationToken));

    public int CountPhase(string ns, params ApplicationPhase[] phases) =>
        Phase.Count(kv => kv.Key.StartsWith(ns + "/", StringComparison.Ordinal) && kv.Value is { } p && phases.Contains(p));

    private static async IAsyncEnumerable<(WatchEventType, SparkApplication)> Apps(IKubernetes client, string rv, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var events = client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
            SparkApplication.GroupName, SparkApplication.Version, SparkApplication.Plural,
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: 300, cancellationToken: ct);
        await foreach (var (type, payload) in events.WithCancellation(ct))
        {
            var element = payload is JsonElement json ? json : JsonSerializer.SerializeToElement(payload);
            if (type == WatchEventType.Error)
            {
                yield return (type, null!);
                yield break;
            }

            yield return (type, KubernetesJson.Deserialize<SparkApplication>(element));
        }
    }
}
