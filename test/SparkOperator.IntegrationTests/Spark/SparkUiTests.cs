using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// spec.sparkUi and spec.monitoring through real spark-submit: the operator's Service selects the
/// driver pod the API server holds, on the port Spark gave its UI; the Ingress comes from the
/// operator's settings; status gives the URL; Spark accepted the metrics confs; both objects go
/// with the application.
/// </summary>
public class SparkUiTests : SparkApplicationTest
{
    private const string Host = "{name}.{namespace}.spark.example.com";

    private static readonly OperatorStart WithIngress = new()
    {
        Webhook = true,
        Arguments = [$"--SparkUi:Ingress:Host={Host}", "--SparkUi:Ingress:ClassName=nginx", "--SparkUi:Ingress:Annotations:example.com/auth=sso"],
    };

    [Test]
    [Category("NeedsKwok")]
    public async Task The_sample_gets_a_service_on_its_real_driver_an_ingress_and_both_go_with_it()
    {
        TestCluster.RequireKwok();
        await EnforceRestrictedPodSecurityAsync();
        await StartOperatorAsync(WithIngress);
        var documents = TestManifests.Load(RepositoryFiles.Path("samples", "spark-pi-ui.yaml"));
        var name = (string)documents.Single()["metadata"]!["name"]!;
        await ApplyAsync(documents);

        var app = await WaitForAppAsync(name, a => a.Status?.Phase == ApplicationPhase.Running && a.Status.SparkUi is not null, "to run with its UI in status", TimeSpan.FromSeconds(180));

        // spark-submit creates the driver's conf ConfigMap and its own Service after the driver pod; they exist once it exits.
        await Eventually.ValueAsync(() => Client.BatchV1.ReadNamespacedJobAsync(app.Status!.SubmitJobName, Namespace), j => j.Status?.Succeeded == 1, "spark-submit to exit", TimeSpan.FromSeconds(90), Seen);
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status!.DriverPodName, Namespace);
        var service = await Client.CoreV1.ReadNamespacedServiceAsync(app.Status.SparkUi!.ServiceName, Namespace);
        var ingress = await Client.NetworkingV1.ReadNamespacedIngressAsync(app.Status.SparkUi.IngressName, Namespace);
        var selected = await PodsAsync(string.Join(',', service.Spec.Selector.Select(s => $"{s.Key}={s.Value}")));
        var uiPort = driver.Spec.Containers[0].Ports?.SingleOrDefault(p => p.Name == "spark-ui");
        var sparkConf = await SparkPropertiesAsync(driver);
        var host = SparkUiOptions.Fill(Host, name, Namespace);
        var sparkServices = (await Client.CoreV1.ListNamespacedServiceAsync(Namespace)).Items.Where(s => s.Spec.ClusterIP == "None").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(selected.Select(p => p.Name()), Is.EqualTo(new[] { driver.Name() }), "the Service selects the driver, and only it");
            Assert.That(uiPort?.ContainerPort, Is.EqualTo(4040), "Spark named the UI port of the driver as the Service's targetPort expects");
            Assert.That(service.Spec.Ports.Single().TargetPort.Value, Is.EqualTo("4040"));
            Assert.That(service.Spec.Type, Is.EqualTo("ClusterIP"));
            Assert.That(sparkServices.Select(s => s.Name()), Has.None.EqualTo(service.Name()), "Spark's own headless driver Service is another object");
            Assert.That(sparkServices, Is.Not.Empty, "spark-submit created its headless driver Service");
            Assert.That(ingress.Spec.Rules.Single().Host, Is.EqualTo(host));
            Assert.That(ingress.Spec.Rules.Single().Http.Paths.Single().Backend.Service.Name, Is.EqualTo(service.Name()));
            Assert.That(ingress.Spec.IngressClassName, Is.EqualTo("nginx"));
            Assert.That(ingress.Metadata.Annotations["example.com/auth"], Is.EqualTo("sso"));
            Assert.That(app.Status.SparkUi.Url, Is.EqualTo($"http://{host}/"));
            Assert.That(service.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(app.Uid()));
            Assert.That(ingress.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(app.Uid()));

            Assert.That(driver.GetAnnotation("prometheus.io/scrape"), Is.EqualTo("true"));
            Assert.That(driver.GetAnnotation("prometheus.io/port"), Is.EqualTo("4040"));
            Assert.That(driver.GetAnnotation("prometheus.io/path"), Is.EqualTo("/metrics/prometheus"));
            Assert.That(sparkConf, Does.Contain("spark.ui.prometheus.enabled=true"));
            Assert.That(sparkConf, Does.Contain("spark.metrics.conf.*.sink.prometheusServlet.class=org.apache.spark.metrics.sink.PrometheusServlet"));
            Assert.That(sparkConf, Does.Contain("spark.metrics.conf.*.sink.prometheusServlet.path=/metrics/prometheus"));
        });

        // The endpoint controller of the kit's controller manager agrees: the Service's endpoints are the driver's.
        await Eventually.UntilAsync(
            async () => (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync(Namespace, labelSelector: $"kubernetes.io/service-name={service.Name()}")).Items
                .SelectMany(s => s.Endpoints ?? []).Any(e => e.TargetRef?.Name == driver.Name()),
            "the Service's EndpointSlice to name the driver pod",
            TimeSpan.FromSeconds(60),
            Seen);

        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SparkApplication.GroupName, SparkApplication.Version, Namespace, SparkApplication.Plural, name);
        await Eventually.UntilAsync(
            async () => (await Client.CoreV1.ListNamespacedServiceAsync(Namespace)).Items.All(s => s.Name() != service.Name())
                && (await Client.NetworkingV1.ListNamespacedIngressAsync(Namespace)).Items.Count == 0,
            "the garbage collector to delete the UI's Service and Ingress with the application",
            TimeSpan.FromSeconds(90),
            Seen);
    }

    [Test]
    [Category("NeedsKwok")]
    public async Task A_retried_application_moves_its_service_to_the_new_attempts_driver()
    {
        TestCluster.RequireKwok();
        await StartOperatorAsync();
        await ApplyAsync(TestManifests.SparkPi("retried-ui", outcome: "fail", spec: s =>
        {
            s["sparkUi"] = new JsonObject { ["ingress"] = true };
            s["restartPolicy"] = new JsonObject { ["type"] = "OnFailure", ["onFailureRetries"] = 1, ["onFailureRetryIntervalSeconds"] = 1 };
        }));

        var app = await WaitForPhaseAsync("retried-ui", ApplicationPhase.Failed, TimeSpan.FromSeconds(180));
        var service = await Client.CoreV1.ReadNamespacedServiceAsync(app.Status!.SparkUi!.ServiceName, Namespace);
        var selected = await PodsAsync(string.Join(',', service.Spec.Selector.Select(s => $"{s.Key}={s.Value}")));

        Assert.Multiple(() =>
        {
            Assert.That(app.Status.Attempt, Is.EqualTo(2));
            Assert.That(selected.Select(p => p.Name()), Is.EqualTo(new[] { ResourceNames.DriverPod("retried-ui", 2) }), "the Service follows the current attempt");
            Assert.That(app.Status.SparkUi.IngressName, Is.Null, "this operator offers no Ingress");
            Assert.That(app.Status.SparkUi.Url, Is.EqualTo($"http://retried-ui-ui.{Namespace}.svc:4040/"));
        });
    }

    /// <summary>The spark.properties spark-submit wrote into the driver's conf ConfigMap: what Spark itself accepted.</summary>
    private async Task<string> SparkPropertiesAsync(V1Pod driver)
    {
        var mounted = driver.Spec.Volumes.Where(v => v.ConfigMap is not null).Select(v => v.ConfigMap.Name).ToHashSet(StringComparer.Ordinal);
        var maps = (await Client.CoreV1.ListNamespacedConfigMapAsync(Namespace)).Items;
        foreach (var map in maps.Where(m => mounted.Contains(m.Name())))
        {
            foreach (var (key, text) in map.Data ?? new Dictionary<string, string>())
            {
                if (key.EndsWith(".properties", StringComparison.Ordinal) && text.Contains("spark.kubernetes.driver.pod.name", StringComparison.Ordinal))
                {
                    return text.Replace("\\:", ":", StringComparison.Ordinal).Replace("\\=", "=", StringComparison.Ordinal);
                }
            }
        }

        var seen = string.Join("; ", maps.Select(m => $"{m.Name()} [{string.Join(", ", m.Data?.Keys ?? [])}]"));
        throw new AssertionException($"driver {driver.Name()} mounts no ConfigMap with Spark's properties (mounted: {string.Join(", ", mounted)}; in the namespace: {seen})");
    }
}
