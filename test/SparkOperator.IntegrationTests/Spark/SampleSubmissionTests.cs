using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Spark;

/// <summary>
/// Every sample goes through real spark-submit, in a namespace that enforces the restricted Pod
/// Security level, and its driver carries what the spec asked for; secret values appear nowhere
/// the operator writes.
/// </summary>
public class SampleSubmissionTests : SparkApplicationTest
{
    [Test]
    [Category("NeedsKwok")]
    public async Task Every_sample_submits_through_spark_submit_and_its_driver_carries_the_spec()
    {
        TestCluster.RequireKwok();
        await using var maven = TinyMavenRepository.Start();
        await EnforceRestrictedPodSecurityAsync();
        await StartOperatorAsync(new OperatorStart { Webhook = true });
        var names = new List<string>();
        foreach (var sample in RepositoryFiles.Samples().Where(s => !s.EndsWith("ny-tlc-report.yaml", StringComparison.Ordinal)))
        {
            var documents = TestManifests.Load(sample).WithDriverOutcome("succeed").WithPatientSubmission();
            foreach (var app in TestManifests.SparkApplications(documents))
            {
                names.Add((string)app["metadata"]!["name"]!);
                if (app["spec"]!["deps"]?["packages"] is not null)
                {
                    // Resolved for real from a repository on loopback (spark-submit runs on this machine).
                    app["spec"]!["deps"]!["packages"] = new JsonArray(TinyMavenRepository.Coordinates);
                    app["spec"]!["deps"]!["repositories"] = new JsonArray(maven.Url.ToString());
                }
            }

            await ApplyAsync(documents);
        }

        var apps = new Dictionary<string, SparkApplication>();
        foreach (var name in names)
        {
            apps[name] = await WaitForPhaseAsync(name, ApplicationPhase.Succeeded, TimeSpan.FromSeconds(180));
        }

        foreach (var app in apps.Values)
        {
            await AssertPodsRestrictedAsync(app);
        }

        V1Pod Driver(string name) => Client.CoreV1.ReadNamespacedPod(apps[name].Status!.DriverPodName, Namespace);
        var placed = Driver("placed-spark-pi");
        var pyspark = Driver("pyspark-pi");
        var s3 = Driver("s3-private");
        var shaped = Driver("shaped-spark-pi");
        var shapedSubmit = (await PodsAsync($"batch.kubernetes.io/job-name={apps["shaped-spark-pi"].Status!.SubmitJobName}")).Single();
        // spark-submit exits a moment after the driver ends; its log is complete once it has.
        var packagesJob = apps["iceberg-packages"].Status!.SubmitJobName!;
        await Eventually.ValueAsync(() => Client.BatchV1.ReadNamespacedJobAsync(packagesJob, Namespace), j => j.Status?.Succeeded == 1, "spark-submit to exit");
        var packagesLog = await SubmitLogsOfJobAsync(packagesJob);

        Assert.Multiple(() =>
        {
            Assert.That(placed.Spec.Tolerations.Where(t => t.Key == "dedicated").Select(t => $"{t.Value}:{t.Effect}"), Is.EqualTo(new[] { "spark:NoSchedule" }));
            Assert.That(placed.Spec.ImagePullSecrets.Select(s => s.Name), Does.Contain("registry-credentials"));
            Assert.That(placed.GetLabel("team"), Is.EqualTo("analytics"));
            Assert.That(placed.Spec.Containers[0].Env.Where(e => e.Name == "TZ").Select(e => e.Value), Is.EqualTo(new[] { "UTC" }));
            Assert.That(placed.Spec.Containers[0].ImagePullPolicy, Is.EqualTo("IfNotPresent"));

            Assert.That(pyspark.Spec.InitContainers?.Select(c => c.Name), Does.Contain("pip-install"));
            Assert.That(string.Join(' ', pyspark.Spec.InitContainers!.Where(c => c.Name == "pip-install").SelectMany(c => (c.Command ?? []).Concat(c.Args ?? []))), Does.Contain("tabulate==0.8.9"));

            var secretEnv = s3.Spec.Containers[0].Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).ToList();
            Assert.That(secretEnv.Select(e => e.ValueFrom.SecretKeyRef.Name).Distinct(), Is.EqualTo(new[] { "s3-credentials" }));

            Assert.That(shaped.Spec.InitContainers?.Single(c => c.Name == "log-shipper").RestartPolicy, Is.EqualTo("Always"), "podOverrides' native sidecar");
            Assert.That(shaped.Spec.TerminationGracePeriodSeconds, Is.EqualTo(60));
            Assert.That(shaped.Spec.HostAliases?.Single().Ip, Is.EqualTo("10.0.0.10"));
            Assert.That(shaped.Spec.Containers[0].VolumeMounts.Select(m => m.MountPath), Does.Contain("/logs"));
            Assert.That(shapedSubmit.Spec.ActiveDeadlineSeconds, Is.EqualTo(900));
            Assert.That(shapedSubmit.GetLabel("team"), Is.EqualTo("analytics"));

            Assert.That(maven.Requests, Does.Contain("GET /maven2/com/example/tiny/1.0/tiny-1.0.jar"));
            Assert.That(packagesLog, Does.Contain("com.example#tiny;1.0"), "the submit log shows the resolution");
        });

        // The keys of s3-credentials (minioadmin / minioadmin-secret) never leave the Secret.
        var places = new Dictionary<string, string>
        {
            ["jobs"] = KubernetesJson.Serialize((await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items),
            ["configmaps"] = KubernetesJson.Serialize((await Client.CoreV1.ListNamespacedConfigMapAsync(Namespace)).Items),
            ["statuses"] = KubernetesJson.Serialize(apps.Values.Select(a => a.Status)),
            ["events"] = KubernetesJson.Serialize((await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items),
            ["driver pods"] = KubernetesJson.Serialize(apps.Values.Select(a => Driver(a.Name()))),
        };
        foreach (var (place, json) in places)
        {
            Assert.That(json, Does.Not.Contain("minioadmin"), $"a secret value appears in the {place}");
        }
    }
}
