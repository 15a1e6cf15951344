using SparkOperator.Submission;

#pragma warning disable CA1861 // expected lists read best inline

namespace SparkOperator.Tests.Submission;

public class RbacTests
{
    [Test]
    public void The_driver_role_grants_only_core_pods_services_configmaps_and_pvcs()
    {
        var role = new { Rules = RbacBuilder.Rules };
        Assert.That(role.Rules.SelectMany(r => r.ApiGroups), Has.All.EqualTo(""));
        Assert.That(role.Rules.SelectMany(r => r.Resources).Order(), Is.EqualTo(new[] { "configmaps", "persistentvolumeclaims", "pods", "services" }));
        Assert.That(role.Rules.SelectMany(r => r.Verbs), Has.None.EqualTo("*").And.None.EqualTo("escalate").And.None.EqualTo("bind").And.None.EqualTo("impersonate"));
        Assert.That(role.Rules.SelectMany(r => r.Resources), Has.None.EqualTo("secrets"));
        Assert.That(role.Rules.Where(r => r.ResourceNames is not null), Is.Empty);
    }

    [Test]
    public void Spark_submit_can_create_the_driver_and_apply_its_config_map_and_service()
    {
        var rules = RbacBuilder.Rules;
        IEnumerable<string> Verbs(string resource) => rules.Where(r => r.Resources.Contains(resource)).SelectMany(r => r.Verbs);
        Assert.That(Verbs("pods"), Is.SupersetOf(new[] { "create", "delete", "get", "list", "watch", "patch", "deletecollection" }));
        Assert.That(Verbs("configmaps"), Is.SupersetOf(new[] { "create", "patch", "deletecollection" }));
        Assert.That(Verbs("services"), Is.SupersetOf(new[] { "create", "patch", "deletecollection" }));
        Assert.That(Verbs("persistentvolumeclaims"), Is.SupersetOf(new[] { "create", "list", "delete", "deletecollection" }));
        Assert.That(Verbs("configmaps"), Has.None.EqualTo("get").And.None.EqualTo("list").And.None.EqualTo("watch"));
    }

    [Test]
    public void Binding_ties_the_application_service_account_to_the_driver_cluster_role_and_both_pods_use_it()
    {
        var built = TestApps.Build(TestApps.Minimal("pi", "ns1"));
        Assert.That(built.RoleBinding!.RoleRef.Kind, Is.EqualTo("ClusterRole"));
        Assert.That(built.RoleBinding!.RoleRef.Name, Is.EqualTo("spark-operator-driver"));
        Assert.That(built.RoleBinding!.Metadata.NamespaceProperty, Is.EqualTo("ns1"), "a RoleBinding grants the ClusterRole in its namespace only");
        Assert.That(built.InApplyOrder().Select(o => o.Kind), Has.None.EqualTo("Role"), "the operator creates no Roles");
        var subject = built.RoleBinding!.Subjects.Single();
        Assert.That((subject.Kind, subject.Name, subject.NamespaceProperty), Is.EqualTo(("ServiceAccount", built.ServiceAccount!.Metadata.Name, "ns1")));
        Assert.That(built.SubmitJob.Spec.Template.Spec.ServiceAccountName, Is.EqualTo("pi-spark"));
        Assert.That(TestApps.DriverTemplate(built).Spec.ServiceAccountName, Is.EqualTo("pi-spark"));
        Assert.That(TestApps.ExecutorTemplate(built).Spec.AutomountServiceAccountToken, Is.False, "executors need no API token");
        Assert.That(TestApps.DriverTemplate(built).Spec.AutomountServiceAccountToken, Is.Null);
    }

    [Test]
    public void Submit_job_never_retries_and_is_cleaned_up()
    {
        var job = TestApps.Build(TestApps.Minimal()).SubmitJob;
        Assert.That(job.Spec.BackoffLimit, Is.Zero);
        Assert.That(job.Spec.Template.Spec.RestartPolicy, Is.EqualTo("Never"));
        Assert.That(job.Spec.TtlSecondsAfterFinished, Is.EqualTo(600));
        Assert.That(job.Spec.Template.Spec.Containers.Single().TerminationMessagePolicy, Is.EqualTo("FallbackToLogsOnError"));
        var custom = SubmissionBuilder.Build(TestApps.Minimal(), 1, new SubmissionOptions { JobTtlSecondsAfterFinished = 60 });
        Assert.That(custom.SubmitJob.Spec.TtlSecondsAfterFinished, Is.EqualTo(60));
    }
}
