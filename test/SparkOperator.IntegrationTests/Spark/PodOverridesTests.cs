using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Lifecycle;
using SparkOperator.Spark;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// podOverrides through real spark-submit, in a namespace enforcing Pod Security restricted: the
/// driver Spark creates from the merged template carries every overridden field (a sidecar, an init
/// container, a PriorityClass the test creates, spread constraints, DNS and host aliases), and the
/// submit pod the Job controller creates carries the job's.
/// </summary>
public class PodOverridesTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Real_spark_submit_creates_the_driver_with_the_overridden_fields_and_the_submit_pod_with_the_jobs()
    {
        TestCluster.RequireKwok();
        var priorityClass = $"spark-batch-{Namespace}";
        await Client.SchedulingV1.CreatePriorityClassAsync(new V1PriorityClass { Metadata = new V1ObjectMeta { Name = priorityClass }, Value = 1000 });
        OnTearDown(async () => await Client.SchedulingV1.DeletePriorityClassAsync(priorityClass));
        await EnforceRestrictedPodSecurityAsync();
        await StartOperatorAsync(new OperatorStart { Webhook = true });

        await ApplyAsync(TestManifests.SparkPi("shaped", spec: s =>
        {
            s["driver"]!["podOverrides"] = JsonNode.Parse("""
                {"metadata": {"labels": {"team": "analytics"}, "annotations": {"example.com/owner": "ops"}},
                 "spec": {
                   "priorityClassName": "PRIORITY_CLASS",
                   "terminationGracePeriodSeconds": 45,
                   "hostAliases": [{"ip": "10.0.0.10", "hostnames": ["metastore.internal"]}],
                   "dnsConfig": {"options": [{"name": "ndots", "value": "2"}]},
                   "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"spark-role": "driver"}}}],
                   "initContainers": [{"name": "wait-for-metastore", "image": "busybox:1.36", "command": ["sh", "-c", "true"]}],
                   "containers": [
                     {"name": "spark", "env": [{"name": "FROM_OVERRIDE", "value": "yes"}], "volumeMounts": [{"name": "logs", "mountPath": "/logs"}]},
                     {"name": "log-shipper", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 3600"], "volumeMounts": [{"name": "logs", "mountPath": "/logs"}]}],
                   "volumes": [{"name": "logs", "emptyDir": {}}]}}
                """.Replace("PRIORITY_CLASS", priorityClass, StringComparison.Ordinal));
            s["job"] = JsonNode.Parse("""
                {"podOverrides": {"metadata": {"labels": {"team": "analytics"}},
                  "spec": {"activeDeadlineSeconds": 900, "hostAliases": [{"ip": "10.0.0.11", "hostnames": ["registry.internal"]}],
                           "containers": [{"name": "spark-submit", "env": [{"name": "TZ", "value": "UTC"}]}]}}}
                """);
        }));

        var app = await WaitForPhaseAsync("shaped", ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));
        var driver = await Client.CoreV1.ReadNamespacedPodAsync(app.Status!.DriverPodName, Namespace);
        var submit = (await PodsAsync($"batch.kubernetes.io/job-name={app.Status.SubmitJobName}")).Single();
        Saw($"driver: {KubernetesJson.Serialize(driver.Spec)}");

        Assert.Multiple(() =>
        {
            Assert.That(driver.Spec.PriorityClassName, Is.EqualTo(priorityClass));
            Assert.That(driver.Spec.Priority, Is.EqualTo(1000), "the API server resolved the PriorityClass");
            Assert.That(driver.Spec.TerminationGracePeriodSeconds, Is.EqualTo(45));
            Assert.That(driver.Spec.HostAliases?.Single().Hostnames, Is.EqualTo(new[] { "metastore.internal" }));
            Assert.That(driver.Spec.DnsConfig?.Options?.Single().Value, Is.EqualTo("2"));
            Assert.That(driver.Spec.TopologySpreadConstraints?.Single().TopologyKey, Is.EqualTo("kubernetes.io/hostname"));
            Assert.That(driver.GetLabel("team"), Is.EqualTo("analytics"));
            Assert.That(driver.GetLabel(OwnedLabels.SparkRole), Is.EqualTo("driver"));
            Assert.That(driver.GetAnnotation("example.com/owner"), Is.EqualTo("ops"));
            Assert.That(driver.Spec.InitContainers?.Select(c => c.Name), Does.Contain("wait-for-metastore"));
            Assert.That(driver.Spec.Containers.Select(c => c.Name), Is.EquivalentTo(new[] { OwnedPaths.SparkContainer, "log-shipper" }));
            var spark = driver.Spec.Containers.Single(c => c.Name == OwnedPaths.SparkContainer);
            Assert.That(spark.Env.Single(e => e.Name == "FROM_OVERRIDE").Value, Is.EqualTo("yes"));
            Assert.That(spark.Env.Select(e => e.Name), Does.Contain("SPARK_DRIVER_BIND_ADDRESS"), "Spark's own env, added over the template");
            Assert.That(spark.VolumeMounts.Select(m => m.MountPath), Does.Contain("/logs"));
            Assert.That(driver.Spec.Volumes.Select(v => v.Name), Does.Contain("logs"));
            Assert.That(driver.Spec.Containers.Single(c => c.Name == "log-shipper").SecurityContext?.AllowPrivilegeEscalation, Is.False, "the sidecar starts hardened");

            Assert.That(submit.GetLabel("team"), Is.EqualTo("analytics"));
            Assert.That(submit.Spec.ActiveDeadlineSeconds, Is.EqualTo(900));
            Assert.That(submit.Spec.HostAliases?.Single().Ip, Is.EqualTo("10.0.0.11"));
            Assert.That(submit.Spec.Containers.Single().Env.Single(e => e.Name == "TZ").Value, Is.EqualTo("UTC"));
        });
        await AssertPodsRestrictedAsync(app);
    }
}
