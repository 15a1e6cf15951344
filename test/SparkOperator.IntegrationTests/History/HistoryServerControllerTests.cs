using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.History;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Spark;

namespace SparkOperator.IntegrationTests.History;

/// <summary>
/// A SparkHistoryServer on the real control plane, in a namespace enforcing Pod Security restricted:
/// the webhook refuses a bad one with its field path; the controller creates its ConfigMap, Service,
/// Deployment and Ingress, owned by it, the Deployment's pods are admitted and become ready (KWOK),
/// and the status reports it Available with its Service and URL; an Ingress dropped from the spec goes.
/// </summary>
public class HistoryServerControllerTests : SparkApplicationTest
{
    /// <summary>A history server with every kind of child; the RBAC audit runs it too.</summary>
    internal const string Server = """
        apiVersion: sparkoperator.dev/v1alpha1
        kind: SparkHistoryServer
        metadata:
          name: history
        spec:
          image: apache/spark:4.1.1
          logFileDirectory:
            customLogDirectory: hdfs://namenode:8020/spark-logs
          cleaner: {enabled: true, maxAge: 3d}
          resources:
            limits: {memory: 1536Mi}
          sparkConf:
            spark.history.retainedApplications: "20"
          ingress:
            host: history.example.com
            ingressClassName: nginx
        """;

    private CustomResourceClient<SparkHistoryServer> Servers => new(Client, "integration-tests");

    [Test]
    [Category("NeedsKwok")]
    public async Task The_controller_builds_the_server_s_objects_and_reports_it_Available()
    {
        TestCluster.RequireKwok();
        await EnforceRestrictedPodSecurityAsync();
        await StartOperatorAsync(new OperatorStart { Webhook = true });

        var (code, refused) = await Kubectl.RunAsync(
            ["apply", "-n", Namespace, "-f", "-"],
            Server.Replace("spark.history.retainedApplications: \"20\"", "spark.history.fs.logDirectory: file:///etc", StringComparison.Ordinal));
        Assert.That(code, Is.Not.Zero, refused);
        Assert.That(refused, Does.Contain("spec.sparkConf[spark.history.fs.logDirectory]: is set by the operator; use spec.logFileDirectory instead"));

        await ApplyAsync(Server);
        var server = await Eventually.ValueAsync(
            () => Servers.GetAsync(Namespace, "history"),
            s => s.Status?.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true && s.Status.ReadyReplicas == 1,
            "the history server to be Available",
            TimeSpan.FromSeconds(120),
            Seen);

        var configMap = await Client.CoreV1.ReadNamespacedConfigMapAsync("history-config", Namespace);
        var service = await Client.CoreV1.ReadNamespacedServiceAsync("history", Namespace);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("history", Namespace);
        var ingress = await Client.NetworkingV1.ReadNamespacedIngressAsync("history", Namespace);
        var pods = await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: $"{OwnedLabels.Instance}=history,{OwnedLabels.Name}={HistoryNames.NameValue}");

        Assert.Multiple(() =>
        {
            foreach (var meta in new[] { configMap.Metadata, service.Metadata, deployment.Metadata, ingress.Metadata })
            {
                Assert.That(meta.OwnerReferences.Single(o => o.Controller == true).Uid, Is.EqualTo(server.Metadata.Uid), meta.Name);
            }

            var conf = configMap.Data[OwnedPaths.HistoryConfFile];
            Assert.That(conf, Does.Contain("spark.history.fs.logDirectory=hdfs://namenode:8020/spark-logs"));
            Assert.That(conf, Does.Contain("spark.history.fs.cleaner.maxAge=3d"));
            Assert.That(conf, Does.Contain("spark.history.retainedApplications=20"));
            Assert.That(service.Spec.Ports.Single().Port, Is.EqualTo(18080));
            Assert.That(deployment.Spec.Strategy.Type, Is.EqualTo("Recreate"));
            Assert.That(ingress.Spec.Rules.Single().Host, Is.EqualTo("history.example.com"));
            Assert.That(pods.Items.Where(p => p.Status?.Phase == "Running"), Is.Not.Empty, "restricted Pod Security admits the server's pods");
            Assert.That(server.Status!.ServiceName, Is.EqualTo("history"));
            Assert.That(server.Status.Url, Is.EqualTo("http://history.example.com/"));
            Assert.That(server.Status.ObservedGeneration, Is.EqualTo(server.Metadata.Generation));
        });

        // Without the Ingress in the spec, the operator deletes its own.
        await Servers.PatchAsync(Namespace, "history", new V1Patch("""{"spec":{"ingress":null}}""", V1Patch.PatchType.MergePatch));
        await Eventually.UntilAsync(
            async () => (await Client.NetworkingV1.ListNamespacedIngressAsync(Namespace)).Items.Count == 0,
            "the Ingress to be deleted",
            TimeSpan.FromSeconds(60),
            Seen);
        var after = await Eventually.ValueAsync(
            () => Servers.GetAsync(Namespace, "history"),
            s => s.Status?.Url == "http://history." + Namespace + ".svc:18080",
            "the URL to be the Service's",
            TimeSpan.FromSeconds(60),
            Seen);
        Assert.That(after.Status!.ServiceName, Is.EqualTo("history"));
    }

    [Test]
    public async Task A_name_held_by_a_stranger_s_Service_is_reported_and_not_taken()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "history" },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
            },
            Namespace);
        await StartOperatorAsync();

        await ApplyAsync(Server);
        var server = await Eventually.ValueAsync(
            () => Servers.GetAsync(Namespace, "history"),
            s => s.Status?.Conditions?.Any(c => c.Reason == "NameTaken") == true,
            "the history server to report NameTaken",
            TimeSpan.FromSeconds(60),
            Seen);

        var service = await Client.CoreV1.ReadNamespacedServiceAsync("history", Namespace);
        Assert.That(server.Status!.Conditions!.Single().Message, Does.Contain($"Service {Namespace}/history"));
        Assert.That(service.Spec.Ports.Single().Port, Is.EqualTo(80), "the stranger's Service is untouched");
        Assert.That(service.Metadata.OwnerReferences, Is.Null.Or.Empty);
    }
}
