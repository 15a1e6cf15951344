using SparkOperator.Framework.Telemetry;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Events;
using SparkOperator.Framework.Health;
using SparkOperator.Framework.Informers;
using SparkOperator.Framework.Leadership;

namespace SparkOperator.Framework.Hosting;

/// <summary>The single entry point that adds the reconciliation runtime to a host.</summary>
public static class OperatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: informers and stores, controller workers, leader election, the event
    /// recorder, health checks (<c>informers</c> tagged <c>ready</c>: every informer synced and none
    /// stuck; <c>operator-loops</c> tagged <c>live</c>: informer loops and controller workers still
    /// making progress; map them with a tag predicate), and a singleton <see cref="IKubernetes"/>
    /// from the default config (in-cluster or kubeconfig) unless one is registered already. Options are read from
    /// <paramref name="configuration"/> when given: <c>WATCH_NAMESPACE</c> (comma-separated, empty
    /// for all), <c>POD_NAMESPACE</c>/<c>POD_NAME</c> (lease namespace and identity), and
    /// <c>Operator:Workers</c>, <c>Operator:ResyncPeriod</c>, <c>Operator:ShutdownTimeout</c>,
    /// <c>Operator:LeaderElection:Enabled|LeaseName|LeaseNamespace</c>; <paramref name="configure"/> runs last.
    /// </summary>
    public static IOperatorBuilder AddOperator(this IServiceCollection services, IConfiguration? configuration = null, Action<OperatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OperatorOptions>().Configure(o =>
        {
            if (configuration is not null)
            {
                Bind(configuration, o);
            }

            configure?.Invoke(o);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKubernetes>(_ => KubernetesClientFactory.Create(KubernetesClientConfiguration.BuildDefaultConfig()));
        services.TryAddSingleton<IWatchSourceFactory, KubernetesWatchSourceFactory>();
        services.TryAddSingleton<InformerRegistry>();
        services.TryAddSingleton<LeaderElectionService>();
        services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaderElectionService>());
        services.AddHostedService(sp => sp.GetRequiredService<LeaderElectionService>());
        services.TryAddSingleton<OperatorHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<OperatorHostedService>());
        services.TryAddSingleton<IEventRecorder, EventRecorder>();
        services.AddFrameworkMetrics();
        AddHealthChecks(services);
        return new OperatorBuilder(services);
    }

    private static void AddHealthChecks(IServiceCollection services)
    {
        // Once, however often AddOperator is called: the health check service refuses duplicate names.
        if (services.Any(d => d.ServiceType == typeof(InformerReadinessCheck)))
        {
            return;
        }

        services.AddSingleton<InformerReadinessCheck>();
        services.AddSingleton<OperatorLivenessCheck>();
        services.AddHealthChecks()
            .AddCheck<InformerReadinessCheck>(InformerReadinessCheck.Name, tags: [InformerReadinessCheck.Tag])
            .AddCheck<OperatorLivenessCheck>(OperatorLivenessCheck.Name, tags: [OperatorLivenessCheck.Tag]);
    }

    /// <summary>Reads the options from configuration (environment variables included).</summary>
    internal static void Bind(IConfiguration configuration, OperatorOptions o)
    {
        if (configuration["WATCH_NAMESPACE"] is { } watch)
        {
            o.Namespaces = [.. watch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
        }

        var section = configuration.GetSection("Operator");
        o.Workers = section.GetValue("Workers", o.Workers);
        o.ResyncPeriod = section.GetValue("ResyncPeriod", o.ResyncPeriod);
        o.ShutdownTimeout = section.GetValue("ShutdownTimeout", o.ShutdownTimeout);
        var election = section.GetSection("LeaderElection");
        o.LeaderElection.Enabled = election.GetValue("Enabled", o.LeaderElection.Enabled);
        o.LeaderElection.LeaseName = election["LeaseName"] ?? o.LeaderElection.LeaseName;
        o.LeaderElection.LeaseNamespace = election["LeaseNamespace"] ?? configuration["POD_NAMESPACE"] ?? o.LeaderElection.LeaseNamespace;
        o.LeaderElection.Identity = configuration["POD_NAME"] ?? o.LeaderElection.Identity;
    }
}
