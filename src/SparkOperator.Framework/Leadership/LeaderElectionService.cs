using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Hosting;

namespace SparkOperator.Framework.Leadership;

/// <summary>
/// Holds a <c>coordination.k8s.io</c> Lease with KubernetesClient's <see cref="LeaderElector"/>.
/// Losing the lease after holding it cancels <see cref="Lost"/> (workers stop at once) and stops the
/// application, as controller-runtime does: a fresh process is safer than a half-stopped one.
/// Elector callbacks only flip state and never block its renew loop.
/// </summary>
internal sealed class LeaderElectionService(
    IKubernetes client,
    IOptions<OperatorOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<LeaderElectionService> logger) : BackgroundService, ILeadership
{
    private readonly TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lost = new();

    public CancellationToken Lost => _lost.Token;

    public async Task WhenLeadingAsync(CancellationToken cancellationToken) =>
        await _leading.Task.WaitAsync(cancellationToken).ConfigureAwait(false);

    public override void Dispose()
    {
        _lost.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.LeaderElection;
        if (!o.Enabled)
        {
            _leading.TrySetResult();
            return;
        }

        var ns = o.LeaseNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default";
        var identity = o.Identity ?? Environment.GetEnvironmentVariable("POD_NAME")
            ?? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
        var config = new LeaderElectionConfig(new LeaseLock(client, ns, o.LeaseName, identity))
        {
            LeaseDuration = o.LeaseDuration,
            RenewDeadline = o.RenewDeadline,
            RetryPeriod = o.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += () =>
        {
            logger.LogInformation("{Identity} leads via Lease {Namespace}/{Lease}", identity, ns, o.LeaseName);
            _leading.TrySetResult();
        };
        elector.OnStoppedLeading += () => OnLost(identity, stoppingToken);
        elector.OnNewLeader += leader => logger.LogInformation("Lease {Lease} is held by {Leader}", o.LeaseName, leader);
        elector.OnError += e => logger.LogWarning(e, "Leader election error for Lease {Lease}", o.LeaseName);

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested && !_lost.IsCancellationRequested)
        {
            try
            {
                await elector.RunUntilLeadershipLostAsync(stoppingToken).ConfigureAwait(false);
                if (_leading.Task.IsCompleted)
                {
                    OnLost(identity, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Leader election for Lease {Lease} failed; retrying", o.LeaseName);
                await Task.Delay(o.RetryPeriod, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void OnLost(string identity, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested || _lost.IsCancellationRequested)
        {
            return;
        }

        logger.LogError("{Identity} lost the leader Lease; stopping the application", identity);

        // Cancel off the elector's thread: cancellation callbacks run inline and must not block its loop.
        _ = Task.Run(() =>
        {
            _lost.Cancel();
            lifetime.StopApplication();
        }, CancellationToken.None);
    }
}
