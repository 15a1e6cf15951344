using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Controllers;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Leadership;

namespace SparkOperator.Framework.Hosting;

/// <summary>
/// Starts the runtime in order: controllers subscribe, informers LIST and WATCH (on every replica,
/// so a new leader starts warm), then once every store has synced and this replica leads, the
/// controllers' workers start. Never blocks host start-up, so web endpoints serve meanwhile.
/// </summary>
internal sealed class OperatorHostedService(
    IEnumerable<IControllerHost> controllers,
    InformerRegistry informers,
    ILeadership leadership,
    IOptions<OperatorOptions> options,
    ILogger<OperatorHostedService> logger) : BackgroundService
{
    private readonly IReadOnlyList<IControllerHost> _controllers = [.. controllers];
    private readonly List<Task> _informerTasks = [];

    /// <summary>Completes when the workers have started (for tests and readiness).</summary>
    public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_controllers.Select(c => c.StopAsync(options.Value.ShutdownTimeout))).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAny(Task.WhenAll(_informerTasks), Task.Delay(TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var controller in _controllers)
        {
            controller.Prepare();
        }

        _informerTasks.AddRange(informers.StartAll(stoppingToken));
        await Task.WhenAll(informers.All.Select(i => i.Synced)).WaitAsync(stoppingToken).ConfigureAwait(false);
        logger.LogInformation("Informers synced for {Kinds}", string.Join(", ", informers.All.Select(i => i.Kind.Name)));

        await leadership.WhenLeadingAsync(stoppingToken).ConfigureAwait(false);
        using var workers = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leadership.Lost);
        foreach (var controller in _controllers)
        {
            controller.Start(workers.Token);
        }

        Running.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, workers.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
