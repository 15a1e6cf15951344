using k8s;
using k8s.Models;
using SparkOperator.Controllers;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Runtime;
using SparkOperator.Lifecycle;
using SparkOperator.Policy;
using SparkOperator.Submission;
using SparkOperator.Telemetry;
using SparkOperator.Validation;

namespace SparkOperator.Hosting;

/// <summary>Registers the Spark controllers with the framework runtime.</summary>
internal static class SparkOperatorServices
{
    /// <summary>Path of a kubeconfig the operator uses instead of the default client configuration.</summary>
    public const string KubeconfigKey = "Kubernetes:Kubeconfig";

    /// <summary>
    /// Adds the controllers unless <c>Operator:Controllers:Enabled</c> is false, which runs a
    /// webhook-only replica (no informers, no leader election).
    /// <c>Kubernetes:Kubeconfig</c> points the client at a kubeconfig file.
    /// </summary>
    public static IServiceCollection AddSparkOperator(this IServiceCollection services, IConfiguration configuration)
    {
        // Without it the framework uses the default config (in-cluster, else KUBECONFIG or ~/.kube/config).
        // A webhook-only replica needs a client too when it reads its certificate from the Secret.
        if (configuration[KubeconfigKey] is { Length: > 0 } kubeconfig)
        {
            services.AddSingleton<IKubernetes>(_ => KubernetesClientFactory.Create(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)));
        }

        if (!ControllersEnabled(configuration))
        {
            return services;
        }

        services.AddSingleton<StatusWriteLedger>();
        services.AddSingleton(sp => OperatorSettings.ReadSubmission(configuration, sp.GetService<PodPolicy>() ?? PodPolicyConfiguration.Read(configuration)));
        services.AddSingleton<SparkApplicationAdmissionValidator>(sp => new(sp.GetRequiredService<SubmissionOptions>().Policy));
        services.AddSingleton<SparkHistoryServerAdmissionValidator>(sp => new(sp.GetRequiredService<SubmissionOptions>().Policy));
        services.AddSingleton(OperatorSettings.ReadLifecycle(configuration));
        services.AddSingleton<ApplicationMetrics>();
        services.AddScheduling();
        services
            .AddOperator(configuration, o =>
            {
                o.Name = OperatorDefaults.FieldManager;

                // A reconcile mostly waits on the API server (a submission is six round trips), so the
                // framework's default of 2 workers left a 1,000-application burst queued for seconds
                // (see test/SparkOperator.Benchmarks/RESULTS.md); keys are never reconciled twice at once.
                o.Workers = configuration.GetValue("Operator:Workers", OperatorDefaults.Workers);

                // Cache only the Jobs and pods this operator labels (submit pods, and drivers and
                // executors through our pod templates), not every Job and pod of the cluster.
                var ours = $"{SubmissionLabels.ManagedBy}={OperatorDefaults.Name}";
                o.LabelSelectors[typeof(V1Job)] = ours;
                o.LabelSelectors[typeof(V1Pod)] = ours;
                o.LabelSelectors[typeof(V1Deployment)] = ours;

                // The controller reads a few fields of Jobs' and pods' metadata and status; their
                // specs (pod templates, containers, volumes) and the rest are most of their size.
                o.TransformCached<V1Job>(CacheProjections.Job);
                o.TransformCached<V1Pod>(CacheProjections.Pod);
                o.LeaderElection.LeaseName = configuration["Operator:LeaderElection:LeaseName"] ?? OperatorDefaults.LeaderElectionLease;
            })
            .AddController<SparkApplicationController, SparkApplication>(c => c
                .Owns<V1Job>()
                .Owns<V1Pod>(mapByLabel: OwnerByLabel))
            .AddFinalizer<SparkApplicationFinalizer, SparkApplication>(OperatorDefaults.Finalizer)
            .AddController<SparkHistoryServerController, SparkHistoryServer>(c => c.Owns<V1Deployment>())
            .AddScheduledSparkApplications();
        return services;
    }

    /// <summary>False for a webhook-only replica (<c>Operator:Controllers:Enabled=false</c>).</summary>
    public static bool ControllersEnabled(IConfiguration configuration) => configuration.GetValue("Operator:Controllers:Enabled", true);

    /// <summary>
    /// Spark-created pods whose owner reference went missing (a user template, an older Spark)
    /// still wake their application through the labels our pod templates give them.
    /// </summary>
    private static ObjectKey? OwnerByLabel(V1Pod pod) =>
        pod.GetLabel(SubmissionLabels.ManagedBy) == OperatorDefaults.Name
        && pod.GetLabel(SubmissionLabels.Instance) is { Length: > 0 } instance
            ? new ObjectKey(pod.Namespace(), instance)
            : null;
}
