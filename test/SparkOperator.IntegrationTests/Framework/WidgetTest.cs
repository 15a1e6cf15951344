using k8s;
using k8s.Models;
using SparkOperator.Framework.Client;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>Base of the framework tests: the Widget CRD, a typed client, operator start-up with clean-up.</summary>
public abstract class WidgetTest : ClusterTest
{
    private static bool _crdApplied;

    protected CustomResourceClient<Widget> Widgets { get; private set; } = null!;

    [SetUp]
    public async Task ApplyCrdAsync()
    {
        if (!_crdApplied)
        {
            await Crds.ApplyAsync(Client, Crds.Schemaless<Widget>());
            _crdApplied = true;
        }

        Widgets = new CustomResourceClient<Widget>(Client, "integration-tests");

        // Registered first, so it runs after the operators stopped: nobody is left to remove our
        // finalizer, and a Widget holding it would keep the namespace Terminating forever.
        OnTearDown(async () =>
        {
            foreach (var widget in await Widgets.ListAsync(Namespace))
            {
                if (widget.Metadata.Finalizers?.Count > 0)
                {
                    await Widgets.PatchAsync(Namespace, widget.Metadata.Name, new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch));
                }
            }
        });
    }

    internal async Task<TestOperator> StartOperatorAsync(string instance = "op", bool finalizer = true, Action<SparkOperator.Framework.Hosting.OperatorOptions>? configure = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, bool waitRunning = true, Action<SparkOperator.Framework.Hosting.ControllerBuilder<Widget>>? watches = null)
    {
        var op = await TestOperator.StartAsync(Namespace, instance, Saw, finalizer, configure, services, waitRunning, watches);
        OnTearDown(async () =>
        {
            Saw(op.Probe.ToString());
            await op.DisposeAsync();
        });
        return op;
    }

    protected Task<Widget> CreateAsync(string name, string message)
    {
        Saw($"create widget {name} ({message})");
        return Client.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(Widget.Make(Namespace, name, message), "framework.test.sparkoperator.dev", "v1", Namespace, "widgets");
    }

    protected Task<Widget> SetMessageAsync(string name, string message)
    {
        Saw($"set widget {name} message to {message}");
        var patch = $$$"""{"spec":{"message":"{{{message}}}"}}""";
        return Widgets.PatchAsync(Namespace, name, new V1Patch(patch, V1Patch.PatchType.MergePatch));
    }

    protected Task<Widget> StatusOfAsync(string name, string message) =>
        Eventually.ValueAsync(
            () => Widgets.GetAsync(Namespace, name),
            w => w.Status?.Message == message,
            $"status.message of {name} to be {message}",
            describe: Seen);

    protected async Task<V1ConfigMap?> ChildOfAsync(string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedConfigMapAsync($"{name}-data", Namespace);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
