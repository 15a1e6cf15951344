using k8s;
using SparkOperator.Entities;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Watches one SparkApplication and records each phase it passes through, in order.</summary>
public sealed class PhaseWatch : IAsyncDisposable
{
    private readonly List<ApplicationPhase?> phases = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private PhaseWatch(IKubernetes client, string ns, string name, Action<string> log) => loop = RunAsync(client, ns, name, log);

    /// <summary>The phases seen, consecutive duplicates removed.</summary>
    public IReadOnlyList<ApplicationPhase?> Phases
    {
        get
        {
            lock (phases)
            {
                return [.. phases];
            }
        }
    }

    /// <summary>The last version of the application seen (also after it was deleted).</summary>
    public SparkApplication? Last { get; private set; }

    public static PhaseWatch Start(IKubernetes client, string ns, string name, Action<string> log) => new(client, ns, name, log);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task RunAsync(IKubernetes client, string ns, string name, Action<string> log)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var events = client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                    SparkApplication.GroupName, SparkApplication.Version, ns, SparkApplication.Plural,
                    fieldSelector: $"metadata.name={name}", cancellationToken: stop.Token);
                await foreach (var (type, payload) in events.WithCancellation(stop.Token))
                {
                    var app = KubernetesJson.Deserialize<SparkApplication>(payload is System.Text.Json.JsonElement json ? json : System.Text.Json.JsonSerializer.SerializeToElement(payload));
                    lock (phases)
                    {
                        Last = app;
                        var phase = app.Status?.Phase;
                        if (phases.Count == 0 || phases[^1] != phase)
                        {
                            phases.Add(phase);
                            log($"watch: {name} {type} phase {phase?.ToString() ?? "(none)"}: {app.Status?.Message}");
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log($"application watch restarts after: {e.Message}");
                await Task.Delay(200, stop.Token);
            }
        }
    }
}
