using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

/// <summary>Every pod and container the operator builds meets Pod Security's restricted level.</summary>
public class PodSecurityTests
{
    private static DesiredResources BuildEverything(SubmissionOptions? options = null)
    {
        var app = TestApps.Minimal();
        app.Spec.Image = "registry.example.com/jobs:1.0";
        app.Spec.Deps = new Dependencies { Packages = ["org.example:lib:1.0"], Requirements = ["tabulate==0.8.9"] };
        app.Spec.S3connection = new S3Connection { Tls = new S3Tls { CaSecret = new S3CaSecret { Name = "ca" } } };
        return SubmissionBuilder.Build(app, 1, options);
    }

    [TestCase("driver")]
    [TestCase("executor")]
    [TestCase("job")]
    public void Pods_run_as_a_non_root_user_with_the_runtimes_seccomp_profile(string role)
    {
        var pod = TestApps.PodSpec(BuildEverything(), role).SecurityContext;
        Assert.That(pod.RunAsNonRoot, Is.True);
        Assert.That((pod.RunAsUser, pod.RunAsGroup, pod.FsGroup), Is.EqualTo((185L, 185L, 185L)), "the spark user of the apache/spark images");
        Assert.That(pod.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
    }

    [TestCase("driver")]
    [TestCase("executor")]
    [TestCase("job")]
    public void Every_container_init_containers_included_drops_all_capabilities_and_cannot_escalate(string role)
    {
        var spec = TestApps.PodSpec(BuildEverything(), role);
        var containers = (spec.InitContainers ?? []).Concat(spec.Containers).ToList();
        Assert.That(containers, Is.Not.Empty);
        foreach (var container in containers)
        {
            Assert.That(container.SecurityContext?.AllowPrivilegeEscalation, Is.False, container.Name);
            Assert.That(container.SecurityContext?.Capabilities?.Drop, Is.EqualTo(new[] { "ALL" }), container.Name);
            Assert.That(container.SecurityContext?.Privileged, Is.Null, container.Name);
            Assert.That(container.SecurityContext?.Capabilities?.Add, Is.Null, container.Name);
        }

        if (role != "job")
        {
            Assert.That(spec.InitContainers!.Select(c => c.Name), Is.SupersetOf(new[] { "copy-jobs", "pip-install", "truststore-defaults", "truststore-s3-ca" }));
        }
    }

    [Test]
    public void The_user_and_group_come_from_the_policy()
    {
        var built = BuildEverything(new SubmissionOptions { Policy = PodPolicy.Default with { RunAsUser = 1000, RunAsGroup = 1000 } });
        foreach (var role in new[] { "driver", "executor", "job" })
        {
            var pod = TestApps.PodSpec(built, role).SecurityContext;
            Assert.That((pod.RunAsUser, pod.RunAsGroup, pod.FsGroup), Is.EqualTo((1000L, 1000L, 1000L)), role);
        }
    }
}
