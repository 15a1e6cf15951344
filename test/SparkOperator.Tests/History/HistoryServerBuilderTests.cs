using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.History;
using SparkOperator.Spark;

namespace SparkOperator.Tests.History;

/// <summary>What a SparkHistoryServer becomes: its conf, a hardened Deployment, a Service and an optional Ingress, all owned by it.</summary>
public class HistoryServerBuilderTests
{
    private static Dictionary<string, string> Conf(HistoryServerResources built) =>
        built.ConfigMap.Data[OwnedPaths.HistoryConfFile].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static V1Container Container(HistoryServerResources built) => built.Deployment.Spec.Template.Spec.Containers.Single();

    [Test]
    public void Every_object_is_controlled_by_the_server_and_labelled()
    {
        var built = HistoryServerBuilder.Build(TestServers.Minimal());
        foreach (var item in built.InApplyOrder())
        {
            var owner = item.Metadata.OwnerReferences.Single();
            Assert.That((owner.Kind, owner.Uid, owner.Controller), Is.EqualTo((SparkHistoryServer.KindName, TestServers.Uid, (bool?)true)), item.Kind);
            Assert.That(item.Metadata.Labels[OwnedLabels.Instance], Is.EqualTo("history"));
        }

        Assert.That(built.Ingress, Is.Null);
    }

    [Test]
    public void The_conf_names_the_directory_and_port_and_the_operator_s_keys_come_last()
    {
        var server = TestServers.Minimal();
        server.Spec.SparkConf = new Dictionary<string, string> { ["spark.history.retainedApplications"] = "50" };
        server.Spec.Cleaner = new HistoryCleaner { Enabled = true, MaxAge = "7d", MaxNumApps = 100 };

        var built = HistoryServerBuilder.Build(server);
        var conf = Conf(built);

        Assert.Multiple(() =>
        {
            Assert.That(conf[OwnedHistoryConf.LogDirectory], Is.EqualTo("file:///spark/event-logs"));
            Assert.That(conf[OwnedHistoryConf.UiPort], Is.EqualTo("18080"));
            Assert.That(conf["spark.history.retainedApplications"], Is.EqualTo("50"));
            Assert.That(conf[OwnedHistoryConf.CleanerEnabled], Is.EqualTo("true"));
            Assert.That(conf[OwnedHistoryConf.CleanerMaxAge], Is.EqualTo("7d"));
            Assert.That(conf[OwnedHistoryConf.CleanerMaxNum], Is.EqualTo("100"));
            Assert.That(built.ConfigMap.Data[OwnedPaths.HistoryConfFile].IndexOf("retainedApplications", StringComparison.Ordinal),
                Is.LessThan(built.ConfigMap.Data[OwnedPaths.HistoryConfFile].IndexOf(OwnedHistoryConf.LogDirectory, StringComparison.Ordinal)));
        });
    }

    [Test]
    public void A_value_with_a_newline_stays_one_value_and_adds_no_conf()
    {
        var server = TestServers.Minimal();
        server.Spec.SparkConf = new Dictionary<string, string> { ["spark.ui.title"] = "x\nspark.history.fs.logDirectory=file:///etc", ["spark.a"] = "#not a comment" };

        var text = HistoryServerBuilder.Build(server).ConfigMap.Data[OwnedPaths.HistoryConfFile];

        Assert.That(text, Does.Contain(@"spark.ui.title=x\nspark.history.fs.logDirectory=file:///etc"));
        Assert.That(text, Does.Contain(@"spark.a=\#not a comment"));
        Assert.That(text.Split('\n').Count(l => l.StartsWith(OwnedHistoryConf.LogDirectory, StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void The_pod_is_hardened_like_the_operator_s_other_pods_with_a_read_only_root()
    {
        var built = HistoryServerBuilder.Build(TestServers.Minimal());
        var pod = built.Deployment.Spec.Template.Spec;
        var container = Container(built);

        Assert.Multiple(() =>
        {
            Assert.That(pod.SecurityContext.RunAsNonRoot, Is.True);
            Assert.That(pod.SecurityContext.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
            Assert.That(pod.AutomountServiceAccountToken, Is.False);
            Assert.That(container.SecurityContext.ReadOnlyRootFilesystem, Is.True);
            Assert.That(container.SecurityContext.AllowPrivilegeEscalation, Is.False);
            Assert.That(container.SecurityContext.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(container.VolumeMounts.Single(m => m.MountPath == "/tmp").Name, Is.EqualTo(OwnedPaths.HistoryTmpVolume));
            Assert.That(pod.Volumes.Single(v => v.Name == OwnedPaths.HistoryTmpVolume).EmptyDir, Is.Not.Null);
        });
    }

    [Test]
    public void The_container_runs_the_HistoryServer_in_the_foreground_from_the_image_s_Spark()
    {
        var container = Container(HistoryServerBuilder.Build(TestServers.Minimal()));

        Assert.That(container.Command.Take(2), Is.EqualTo(new[] { "sh", "-c" }));
        Assert.That(container.Command[2], Does.Contain("bin/spark-class"));
        Assert.That(container.Args, Is.EqualTo(new[] { HistoryServerCommand.MainClass, "--properties-file", "/spark/history-conf/spark-defaults.conf" }));
        Assert.That(container.Env.Single(e => e.Name == "SPARK_NO_DAEMONIZE").Value, Is.EqualTo("true"));
        Assert.That(container.Ports.Single().ContainerPort, Is.EqualTo(18080));
    }

    [TestCase(false, true)]
    [TestCase(true, false)]
    public void The_claim_is_read_only_unless_the_cleaner_deletes(bool cleaner, bool readOnly)
    {
        var server = TestServers.Minimal();
        server.Spec.Cleaner = new HistoryCleaner { Enabled = cleaner };

        var built = HistoryServerBuilder.Build(server);
        var mount = Container(built).VolumeMounts.Single(m => m.Name == OwnedPaths.EventLogVolume);

        Assert.That(mount.ReadOnlyProperty ?? false, Is.EqualTo(readOnly));
        Assert.That(mount.SubPath, Is.EqualTo("eventlogs"));
        Assert.That(built.Deployment.Spec.Strategy?.Type, Is.EqualTo(cleaner ? "Recreate" : null), "two cleaners never overlap");
    }

    [Test]
    public void S3_reaches_the_server_through_its_own_connection_with_keys_from_the_Secret()
    {
        var server = TestServers.Minimal();
        server.Spec.LogFileDirectory = new LogFileDirectory { S3 = new S3LogDirectory { Bucket = "logs", Prefix = "eventlogs" } };
        server.Spec.S3connection = new S3Connection { Endpoint = "https://s3.example.com", CredentialsSecret = new S3CredentialsSecret { Name = "keys" } };

        var built = HistoryServerBuilder.Build(server);
        var conf = Conf(built);
        var env = Container(built).Env;

        Assert.Multiple(() =>
        {
            Assert.That(conf[OwnedHistoryConf.LogDirectory], Is.EqualTo("s3a://logs/eventlogs"));
            Assert.That(conf["spark.hadoop.fs.s3a.endpoint"], Is.EqualTo("https://s3.example.com"));
            Assert.That(env.Where(e => e.Name.StartsWith("AWS_", StringComparison.Ordinal)).Select(e => e.ValueFrom.SecretKeyRef.Name), Is.EqualTo(new[] { "keys", "keys" }));
            Assert.That(built.ConfigMap.Data[OwnedPaths.HistoryConfFile], Does.Not.Contain("secretKey"));
            Assert.That(built.Deployment.Spec.Template.Spec.Volumes.Select(v => v.Name), Does.Not.Contain(OwnedPaths.EventLogVolume));
        });
    }

    [Test]
    public void A_changed_conf_changes_the_pod_template_so_the_pods_roll()
    {
        var server = TestServers.Minimal();
        var before = HistoryServerBuilder.Build(server).Deployment.Spec.Template.Metadata.Annotations[HistoryServerBuilder.ConfDigestAnnotation];
        server.Spec.SparkConf = new Dictionary<string, string> { ["spark.history.retainedApplications"] = "10" };
        var after = HistoryServerBuilder.Build(server).Deployment.Spec.Template.Metadata.Annotations[HistoryServerBuilder.ConfDigestAnnotation];

        Assert.That(after, Is.Not.EqualTo(before));
    }

    [Test]
    public void Placement_and_resources_reach_the_pod()
    {
        var server = TestServers.Minimal();
        server.Spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "services" };
        server.Spec.Tolerations = [new V1Toleration { Key = "dedicated", Value = "spark", Effect = "NoSchedule" }];
        server.Spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity() };
        server.Spec.Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1536Mi") } };
        server.Spec.Replicas = 2;

        var built = HistoryServerBuilder.Build(server);
        var pod = built.Deployment.Spec.Template.Spec;

        Assert.That(pod.NodeSelector["pool"], Is.EqualTo("services"));
        Assert.That(pod.Tolerations.Single().Key, Is.EqualTo("dedicated"));
        Assert.That(pod.Affinity.PodAntiAffinity, Is.Not.Null);
        Assert.That(Container(built).Resources.Limits["memory"].ToString(), Is.EqualTo("1536Mi"));
        Assert.That(built.Deployment.Spec.Replicas, Is.EqualTo(2));
    }

    [Test]
    public void An_ingress_routes_to_the_Service_and_gives_the_URL()
    {
        var server = TestServers.Minimal();
        server.Spec.Ingress = new HistoryIngress
        {
            Host = "history.example.com",
            IngressClassName = "nginx",
            Annotations = new Dictionary<string, string> { ["cert-manager.io/cluster-issuer"] = "letsencrypt" },
            Tls = new HistoryIngressTls { SecretName = "history-tls" },
        };

        var built = HistoryServerBuilder.Build(server);
        var ingress = built.Ingress!;
        var path = ingress.Spec.Rules.Single().Http.Paths.Single();

        Assert.Multiple(() =>
        {
            Assert.That(ingress.Spec.IngressClassName, Is.EqualTo("nginx"));
            Assert.That(ingress.Metadata.Annotations["cert-manager.io/cluster-issuer"], Is.EqualTo("letsencrypt"));
            Assert.That(ingress.Spec.Tls.Single().Hosts, Is.EqualTo(new[] { "history.example.com" }));
            Assert.That((path.Path, path.PathType, path.Backend.Service.Name), Is.EqualTo(("/", "Prefix", built.Service.Metadata.Name)));
            Assert.That(HistoryServerBuilder.Url(server), Is.EqualTo("https://history.example.com/"));
        });
    }

    [Test]
    public void Without_an_ingress_the_URL_is_the_Service_s()
    {
        Assert.That(HistoryServerBuilder.Url(TestServers.Minimal()), Is.EqualTo("http://history.team-a.svc:18080"));
    }
}
