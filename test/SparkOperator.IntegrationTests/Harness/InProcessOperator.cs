using System.Text;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Hosting;
using SparkOperator.Manifests;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>How a test starts the operator.</summary>
public sealed record OperatorStart
{
    /// <summary>Register the webhook with the API server (scoped to the test's namespace).</summary>
    public bool Webhook { get; init; }

    /// <summary>Elect a leader with the test namespace's Lease (<see cref="InProcessOperator.LeaseName"/>) in the operator's namespace.</summary>
    public bool LeaderElection { get; init; }

    /// <summary>
    /// Run with the admin kubeconfig instead of the generated ServiceAccount's token: an explicit
    /// opt-out for a test about something other than the operator's rights (no Spark or webhook test).
    /// </summary>
    public bool Admin { get; init; }

    /// <summary>A kubeconfig to run with instead of the generated ServiceAccount's (e.g. another account's token).</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>This instance's name in logs and its leader election identity.</summary>
    public string Identity { get; init; } = "operator";

    /// <summary>Run the controllers (false: webhook-only replica).</summary>
    public bool Controllers { get; init; } = true;

    /// <summary>More configuration, as command-line arguments (<c>--Key=value</c>); later ones win.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Wait for the controllers to run before returning (false: a test watches the start-up itself).</summary>
    public bool WaitRunning { get; init; } = true;

    /// <summary>Registers services over the host's own (last registration wins), e.g. a schedule clock a test moves.</summary>
    public Action<IServiceCollection>? Services { get; init; }
}

/// <summary>
/// The operator host Program.cs runs (<see cref="OperatorHost.CreateBuilder"/> + <see cref="OperatorHost.Build"/>),
/// started in the test process, watching one namespace, as the generated ServiceAccount
/// spark-operator/spark-operator (a TokenRequest token, so the generated RBAC is what it may do). Its
/// webhook serves HTTPS on loopback with the development certificate and is registered through
/// the generated ValidatingWebhookConfiguration with a url clientConfig.
/// </summary>
public sealed class InProcessOperator : IAsyncDisposable
{
    private readonly IKubernetes client;
    private readonly Action<string> log;
    private string? webhookConfiguration;
    private int disposed;

    private InProcessOperator(WebApplication host, IKubernetes client, Action<string> log, string identity)
    {
        Host = host;
        this.client = client;
        this.log = log;
        Identity = identity;
    }

    public WebApplication Host { get; }

    public string Identity { get; }

    /// <summary>Completes once this instance's controllers run (it leads, or election is off).</summary>
    public Task Running => Host.Services.GetRequiredService<OperatorHostedService>().Running.Task;

    /// <summary>The probes' and metrics' base URL (http://127.0.0.1:PORT).</summary>
    public Uri HttpBaseUrl => Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .Select(a => new Uri(a)).Where(a => a.Scheme == "http").Select(a => new Uri($"http://127.0.0.1:{a.Port}")).Single();

    /// <summary>The webhook's base URL (https://127.0.0.1:PORT).</summary>
    public Uri WebhookBaseUrl => Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .Select(a => new Uri(a)).Where(a => a.Scheme == "https").Select(a => new Uri($"https://127.0.0.1:{a.Port}")).Single();

    /// <summary>
    /// The Lease of the operators watching <paramref name="ns"/>. It lives in the operator's
    /// namespace, the only one where the generated leader-election Role lets the ServiceAccount
    /// hold Leases; one per test namespace, so tests never elect each other's leaders.
    /// </summary>
    public static string LeaseName(string ns) => $"{OperatorDefaults.LeaderElectionLease}-{ns}";

    public static async Task<InProcessOperator> StartAsync(IKubernetes client, string ns, Action<string> log, OperatorStart? start = null)
    {
        start ??= new OperatorStart();
        var kubeconfig = start.Admin ? TestCluster.Kubeconfig : start.Kubeconfig ?? await ServiceAccountKubeconfig.OperatorAsync();
        string[] args =
        [
            $"--{SparkOperatorServices.KubeconfigKey}={kubeconfig}",
            $"--WATCH_NAMESPACE={ns}",
            "--Webhook:Port=0",
            "--Http:Port=0",
            "--Webhook:DevelopmentCertificate=true",
            $"--Operator:Controllers:Enabled={start.Controllers}",
            $"--Operator:LeaderElection:Enabled={start.LeaderElection}",
            $"--Operator:LeaderElection:LeaseNamespace={OperatorDefaults.Namespace}",
            $"--Operator:LeaderElection:LeaseName={LeaseName(ns)}",
            $"--POD_NAME={start.Identity}",
            "--Operator:ShutdownTimeout=00:00:05",
            .. start.Arguments,
        ];
        var builder = OperatorHost.CreateBuilder(args);
        start.Services?.Invoke(builder.Services);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new CallbackLoggerProvider(line => log($"[{start.Identity}] {line}")));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        var host = OperatorHost.Build(builder);
        await host.StartAsync();
        var started = new InProcessOperator(host, client, log, start.Identity);
        log($"operator {start.Identity} started ({(start.Admin ? "admin" : start.Kubeconfig is null ? "ServiceAccount spark-operator/spark-operator" : start.Kubeconfig)})");
        if (start.Webhook)
        {
            await started.RegisterWebhookAsync(ns);
        }

        if (start.Controllers && !start.LeaderElection && start.WaitRunning)
        {
            await started.Running.WaitAsync(TimeSpan.FromSeconds(30));
        }

        return started;
    }

    /// <summary>Stops the host as a crash would end it for the cluster: it reconciles no more.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (webhookConfiguration is not null)
        {
            try
            {
                await client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync(webhookConfiguration);
            }
            catch (k8s.Autorest.HttpOperationException)
            {
            }
        }

        await Host.StopAsync(TimeSpan.FromSeconds(10));
        await Host.DisposeAsync();
        log($"operator {Identity} stopped");
    }

    /// <summary>
    /// Registers the generated ValidatingWebhookConfiguration with a url clientConfig and the
    /// development CA, limited to <paramref name="ns"/> so no other test depends on this host, and
    /// waits until the API server calls it.
    /// </summary>
    private async Task RegisterWebhookAsync(string ns)
    {
        var ca = Host.Services.GetRequiredService<DevelopmentCertificateAuthority>();
        var configuration = WebhookManifests.BuildValidatingConfiguration(
            WebhookManifests.UrlClientConfig(WebhookBaseUrl, Encoding.ASCII.GetBytes(ca.CaPem)));
        configuration.Metadata.Name = $"{configuration.Metadata.Name}-{ns}";
        foreach (var webhook in configuration.Webhooks)
        {
            webhook.NamespaceSelector = new V1LabelSelector
            {
                MatchExpressions = [new V1LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", OperatorProperty = "In", Values = [ns] }],
            };
        }

        await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(configuration);
        webhookConfiguration = configuration.Metadata.Name;
        log($"webhook registered at {configuration.Webhooks[0].ClientConfig.Url}");

        // The API server learns of new webhook configurations through its own watch: wait until it calls this one.
        var probe = $$$"""
            {"apiVersion":"sparkoperator.dev/v1alpha1","kind":"SparkApplication","metadata":{"name":"webhook-probe","namespace":"{{{ns}}}"},
             "spec":{"sparkImage":"apache/spark:4.1.1","mode":"cluster","mainApplicationFile":"local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar",
                     "mainClass":"org.apache.spark.examples.SparkPi","volumes":[{"name":"Not_A_Name","emptyDir":{}}]}}
            """;
        var last = string.Empty;
        await Eventually.UntilAsync(
            async () =>
            {
                var (code, output) = await Kubectl.RunAsync(["apply", "--dry-run=server", "-f", "-"], probe);
                last = output;
                return code != 0 && output.Contains("is not a valid volume name", StringComparison.Ordinal);
            },
            "the API server to call the webhook",
            TimeSpan.FromSeconds(30),
            () => $"kubectl said: {last}");
    }
}
