using SparkOperator.Entities;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

/// <summary>driver.serviceAccountName and spec.serviceAccount as the builders turn them into objects.</summary>
public class ServiceAccountChoiceTests
{
    private static SparkApplication Named(string account = "spark-etl")
    {
        var app = TestApps.Minimal("pi", "ns1");
        app.Spec.Driver = new DriverSpec { ServiceAccountName = account };
        return app;
    }

    [Test]
    public void A_named_account_replaces_the_made_one_everywhere_and_nothing_is_made_or_bound()
    {
        var built = TestApps.Build(Named());
        Assert.Multiple(() =>
        {
            Assert.That(built.ServiceAccount, Is.Null);
            Assert.That(built.RoleBinding, Is.Null);
            Assert.That(built.InApplyOrder().Select(o => o.Kind), Is.EqualTo(new[] { "ConfigMap", "Job" }));
            Assert.That(built.ServiceAccountName, Is.EqualTo("spark-etl"));
            Assert.That(built.SubmitJob.Spec.Template.Spec.ServiceAccountName, Is.EqualTo("spark-etl"));
            Assert.That(TestApps.DriverTemplate(built).Spec.ServiceAccountName, Is.EqualTo("spark-etl"));
            Assert.That(TestApps.ExecutorTemplate(built).Spec.ServiceAccountName, Is.EqualTo("spark-etl"), "executors carry the identity too (IRSA reaches the code reading S3)");
            Assert.That(TestApps.ExecutorTemplate(built).Spec.AutomountServiceAccountToken, Is.False, "still no API token on executors");
            Assert.That(TestApps.Confs(built)["spark.kubernetes.authenticate.driver.serviceAccountName"], Is.EqualTo("spark-etl"));
            Assert.That(TestApps.AllYaml(built), Does.Not.Contain("pi-spark"));
        });
    }

    [Test]
    public void Without_a_name_the_made_account_is_used_as_before()
    {
        var built = TestApps.Build(TestApps.Minimal("pi", "ns1"));
        Assert.That(built.ServiceAccountName, Is.EqualTo("pi-spark"));
        Assert.That(built.ServiceAccount!.Metadata.Annotations, Is.Null);
        Assert.That(TestApps.Confs(built)["spark.kubernetes.authenticate.driver.serviceAccountName"], Is.EqualTo("pi-spark"));
    }

    [Test]
    public void Annotations_and_labels_go_on_the_made_account_only_and_the_operator_labels_win()
    {
        var app = TestApps.Minimal("pi", "ns1");
        app.Spec.ServiceAccount = new ServiceAccountSpec
        {
            Annotations = new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/pi" },
            Labels = new Dictionary<string, string> { ["team"] = "analytics", [SubmissionLabels.Instance] = "forged" },
        };
        var built = TestApps.Build(app);
        var account = built.ServiceAccount!;
        Assert.Multiple(() =>
        {
            Assert.That(account.Metadata.Annotations, Is.EqualTo(new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/pi" }));
            Assert.That(account.Metadata.Labels["team"], Is.EqualTo("analytics"));
            Assert.That(account.Metadata.Labels[SubmissionLabels.Instance], Is.EqualTo("pi"), "the operator's label is not overwritten even by a stored spec");
            Assert.That(built.RoleBinding!.Metadata.Annotations, Is.Null);
            Assert.That(built.RoleBinding.Metadata.Labels.ContainsKey("team"), Is.False);
            Assert.That(TestApps.DriverTemplate(built).Metadata.Annotations, Is.Null, "the pods do not get the account's annotations");
        });
    }

    [Test]
    public void Every_made_account_name_has_the_suffix_named_accounts_may_not_have()
    {
        foreach (var name in new[] { "pi", "a.b", new string('x', 80) })
        {
            Assert.That(ResourceNames.IsOperatorAccountName(ResourceNames.ServiceAccount(name)), Is.True, name);
        }

        Assert.That(ResourceNames.IsOperatorAccountName("spark-etl"), Is.False);
    }
}
