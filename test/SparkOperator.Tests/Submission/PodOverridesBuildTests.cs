using System.Text.Json.Nodes;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Tests.Submission;

/// <summary>What podOverrides do to the pods the operator builds: merged over them, the operator's own parts kept.</summary>
public class PodOverridesBuildTests
{
    private static SparkApplication With(string role, string overrides)
    {
        var app = TestApps.Minimal();
        app.Spec.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "claim" } }];
        TestApps.Role(app, role).PodOverrides = JsonNode.Parse(overrides)!.AsObject();
        return app;
    }

    [TestCase("driver")]
    [TestCase("executor")]
    [TestCase("job")]
    public void Scalars_labels_and_lists_reach_the_pod_and_the_operators_labels_stay(string role)
    {
        var app = With(role, """{"metadata":{"labels":{"team":"analytics"},"annotations":{"a":"b"}},"spec":{"terminationGracePeriodSeconds":60,"priorityClassName":"high","hostAliases":[{"ip":"10.0.0.10","hostnames":["m"]}],"dnsConfig":{"options":[{"name":"ndots","value":"2"}]}}}""");
        var built = TestApps.Build(app);
        var pod = TestApps.PodSpec(built, role);
        var metadata = TestApps.PodMetadata(built, role);
        Assert.Multiple(() =>
        {
            Assert.That(pod.TerminationGracePeriodSeconds, Is.EqualTo(60));
            Assert.That(pod.PriorityClassName, Is.EqualTo("high"));
            Assert.That(pod.HostAliases.Single().Hostnames, Is.EqualTo(new[] { "m" }));
            Assert.That(pod.DnsConfig.Options.Single().Value, Is.EqualTo("2"));
            Assert.That(metadata.Labels["team"], Is.EqualTo("analytics"));
            Assert.That(metadata.Labels[OwnedLabels.Instance], Is.EqualTo("app"));
            Assert.That(metadata.Annotations["a"], Is.EqualTo("b"));
            Assert.That(pod.SecurityContext.RunAsNonRoot, Is.True);
            Assert.That(pod.ServiceAccountName, Is.EqualTo("app-spark"));
        });
    }

    [TestCase("driver")]
    [TestCase("executor")]
    [TestCase("job")]
    public void The_operators_container_is_merged_by_name(string role)
    {
        var name = role == "job" ? OwnedPaths.SubmitContainer : OwnedPaths.SparkContainer;
        var app = With(role, $$$"""{"spec":{"containers":[{"name":"{{{name}}}","workingDir":"/work","env":[{"name":"EXTRA","value":"1"}],"volumeMounts":[{"name":"data","mountPath":"/data"}],"securityContext":{"readOnlyRootFilesystem":true}}]}}""");
        var built = TestApps.Build(app);
        var container = TestApps.MainContainer(built, role);
        Assert.Multiple(() =>
        {
            Assert.That(TestApps.PodSpec(built, role).Containers, Has.Count.EqualTo(1));
            Assert.That(container.WorkingDir, Is.EqualTo("/work"));
            Assert.That(container.Env.Select(e => e.Name), Does.Contain("EXTRA"));
            Assert.That(container.VolumeMounts.Select(m => m.MountPath), Does.Contain("/data"));
            Assert.That(container.SecurityContext.ReadOnlyRootFilesystem, Is.True);
            Assert.That(container.SecurityContext.AllowPrivilegeEscalation, Is.False, "the operator's hardening stays under the override");
            Assert.That(container.SecurityContext.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(TestApps.PodSpec(built, role).Volumes.Select(v => v.Name), Does.Contain("data"), "the spec volume the override mounts joins the pod");
        });
        if (role == "job")
        {
            Assert.That(container.Args, Does.Contain("--deploy-mode"));
            Assert.That(container.TerminationMessagePolicy, Is.EqualTo("FallbackToLogsOnError"));
        }
    }

    [TestCase("driver")]
    [TestCase("job")]
    public void Added_containers_start_hardened(string role)
    {
        var app = With(role, """{"spec":{"containers":[{"name":"side","image":"busybox:1.36","securityContext":{"runAsUser":1000}}],"initContainers":[{"name":"setup","image":"busybox:1.36","restartPolicy":"Always"}]}}""");
        var pod = TestApps.PodSpec(TestApps.Build(app), role);
        var side = pod.Containers.Single(c => c.Name == "side");
        var setup = pod.InitContainers.Single(c => c.Name == "setup");
        Assert.Multiple(() =>
        {
            Assert.That(pod.Containers[0].Name, Is.EqualTo(role == "job" ? OwnedPaths.SubmitContainer : OwnedPaths.SparkContainer), "the operator's container stays first");
            Assert.That(side.Image, Is.EqualTo("busybox:1.36"));
            Assert.That(side.SecurityContext.RunAsUser, Is.EqualTo(1000));
            Assert.That(side.SecurityContext.AllowPrivilegeEscalation, Is.False);
            Assert.That(side.SecurityContext.RunAsNonRoot, Is.True);
            Assert.That(side.SecurityContext.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(setup.RestartPolicy, Is.EqualTo("Always"));
            Assert.That(setup.SecurityContext.AllowPrivilegeEscalation, Is.False);
        });
    }

    [Test]
    public void Override_volumes_merge_by_name_and_keep_only_their_source()
    {
        var app = With("executor", """{"spec":{"volumes":[{"name":"data","emptyDir":{"medium":"Memory"}},{"name":"cache","emptyDir":{}}],"containers":[{"name":"spark","volumeMounts":[{"name":"data","mountPath":"/data"},{"name":"cache","mountPath":"/cache"}]}]}}""");
        var pod = TestApps.PodSpec(TestApps.Build(app), "executor");
        var data = pod.Volumes.Single(v => v.Name == "data");
        Assert.That((data.EmptyDir?.Medium, data.PersistentVolumeClaim), Is.EqualTo(("Memory", (V1PersistentVolumeClaimVolumeSource?)null)));
        Assert.That(pod.Volumes.Select(v => v.Name), Does.Contain("cache"));
    }

    [Test]
    public void Lists_without_a_merge_key_replace_the_operators()
    {
        var app = With("driver", """{"spec":{"tolerations":[{"key":"gpu","operator":"Exists"}]}}""");
        app.Spec.Driver!.Tolerations = [new V1Toleration { Key = "dedicated", Value = "spark", Effect = "NoSchedule" }];
        var pod = TestApps.PodSpec(TestApps.Build(app), "driver");
        Assert.That(pod.Tolerations.Select(t => t.Key), Is.EqualTo(new[] { "gpu" }));
    }

    [Test]
    public void Without_overrides_the_pods_are_as_before()
    {
        var plain = TestApps.AllYaml(TestApps.Build(TestApps.Minimal()));
        var app = TestApps.Minimal();
        app.Spec.Driver = new DriverSpec { PodOverrides = [] };
        app.Spec.Job = new RoleSpec { PodOverrides = new JsonObject { ["spec"] = new JsonObject() } };
        Assert.That(TestApps.AllYaml(TestApps.Build(app)), Is.EqualTo(plain));
    }
}
