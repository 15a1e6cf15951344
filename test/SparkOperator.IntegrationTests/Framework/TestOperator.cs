using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SparkOperator.Framework.Hosting;
using SparkOperator.Framework.Informers;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>A real host running the Widget controller through <c>AddOperator</c>, against the test cluster.</summary>
internal sealed class TestOperator : IAsyncDisposable
{
    private TestOperator(IHost host, WidgetProbe probe)
    {
        Host = host;
        Probe = probe;
    }

    public IHost Host { get; }

    public WidgetProbe Probe { get; }

    /// <summary>Completes once this instance's workers run (it leads, or election is off).</summary>
    public Task Running => Host.Services.GetRequiredService<OperatorHostedService>().Running.Task;

    public SharedInformer<Widget> WidgetInformer => Host.Services.GetRequiredService<InformerRegistry>().Get<Widget>();

    public static async Task<TestOperator> StartAsync(
        string ns,
        string instance,
        Action<string> log,
        bool finalizer = true,
        Action<OperatorOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool waitRunning = true,
        Action<ControllerBuilder<Widget>>? watches = null)
    {
        var probe = new WidgetProbe(instance) { Log = log };
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new CallbackLoggerProvider(line => log($"[{instance}] {line}")));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<IKubernetes>(TestCluster.CreateClient());
        builder.Services.AddSingleton(probe);
        services?.Invoke(builder.Services);
        var operatorBuilder = builder.Services
            .AddOperator(configure: o =>
            {
                o.Name = WidgetController.FieldManager;
                o.Namespaces = [ns];
                o.Workers = 2;
                o.RetryInitialDelay = TimeSpan.FromMilliseconds(50);
                o.RetryMaxDelay = TimeSpan.FromSeconds(2);
                o.ShutdownTimeout = TimeSpan.FromSeconds(3);
                o.LeaderElection.Enabled = false;
                o.Informer = new InformerOptions { BackoffInitial = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromSeconds(1) };
                configure?.Invoke(o);
            })
            .AddController<WidgetController, Widget>(c =>
            {
                c.Owns<V1ConfigMap>();
                watches?.Invoke(c);
            });
        if (finalizer)
        {
            operatorBuilder.AddFinalizer<WidgetFinalizer, Widget>(WidgetFinalizer.Name);
        }

        var host = builder.Build();
        await host.StartAsync();
        var started = new TestOperator(host, probe);
        if (waitRunning)
        {
            await started.Running.WaitAsync(TimeSpan.FromSeconds(30));
        }

        return started;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Host.Dispose();
        }
    }
}
