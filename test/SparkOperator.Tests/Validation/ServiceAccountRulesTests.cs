using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Policy;
using SparkOperator.Spark;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>
/// Which account an application may run as and what it may put on the account the operator makes:
/// syntax and policy in admission (webhook, controller, validate), the live account in the controller.
/// </summary>
public class ServiceAccountRulesTests
{
    private static AdmissionResult Validate(SparkApplication app, PodPolicy? policy = null) =>
        policy is null ? ValidApplication.Validate(app) : new SparkApplicationAdmissionValidator(policy).Validate(app, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None);

    private static SparkApplication WithAccount(string name)
    {
        var app = ValidApplication.Create();
        app.Spec.Driver!.ServiceAccountName = name;
        return app;
    }

    private static SparkApplication WithMetadata(Dictionary<string, string>? annotations = null, Dictionary<string, string>? labels = null)
    {
        var app = ValidApplication.Create();
        app.Spec.ServiceAccount = new ServiceAccountSpec { Annotations = annotations, Labels = labels };
        return app;
    }

    private static V1ServiceAccount Account(string name, Dictionary<string, string>? labels = null, string? ownerKind = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "team-a",
            Labels = labels,
            OwnerReferences = ownerKind is null ? null : [new V1OwnerReference { Kind = ownerKind, Name = "other", ApiVersion = "sparkoperator.dev/v1alpha1", Uid = "u" }],
        },
    };

    private static readonly Dictionary<string, string> Marked = new() { [OwnedLabels.UsableBySparkApplications] = "true" };

    [TestCase("spark-etl")]
    [TestCase("etl.v2")]
    [TestCase("default")]
    public void A_name_of_the_namespace_is_admitted(string name) =>
        Assert.That(Validate(WithAccount(name)).Errors, Is.Empty);

    [TestCase("system:serviceaccount:kube-system:default", "is not a ServiceAccount name")]
    [TestCase("kube-system/default", "is not a ServiceAccount name")]
    [TestCase("Spark", "is not a ServiceAccount name")]
    [TestCase("", "is not a ServiceAccount name")]
    [TestCase("other-app-spark", "the form of the accounts the operator makes")]
    [TestCase("x-0123abcd-spark", "the form of the accounts the operator makes")]
    public void A_name_outside_the_namespace_or_of_the_operator_is_denied_at_its_path(string name, string message)
    {
        var error = Validate(WithAccount(name)).Errors.Single();
        Assert.That(error.Path, Is.EqualTo("spec.driver.serviceAccountName"));
        Assert.That(error.Message, Does.Contain(message));
    }

    [TestCase("spark.kubernetes.authenticate.driver.serviceAccountName")]
    [TestCase("spark.kubernetes.authenticate.executor.serviceAccountName")]
    public void Sparks_own_account_confs_are_denied_pointing_at_the_field(string key)
    {
        var app = ValidApplication.Create();
        app.Spec.SparkConf![key] = "spark-etl";
        var error = Validate(app).Errors.Single();
        Assert.That(error.Path, Is.EqualTo($"spec.sparkConf[{key}]"));
        Assert.That(error.Message, Does.Contain("use spec.driver.serviceAccountName"));
    }

    [Test]
    public void Metadata_for_the_made_account_is_denied_with_a_named_account()
    {
        var app = WithMetadata(labels: new() { ["team"] = "a" });
        app.Spec.Driver!.ServiceAccountName = "spark-etl";
        var error = Validate(app).Errors.Single();
        Assert.That(error.Path, Is.EqualTo("spec.serviceAccount"));
        Assert.That(error.Message, Does.Contain("driver.serviceAccountName"));
    }

    [TestCase("eks.amazonaws.com/role-arn")]
    [TestCase("iam.gke.io/gcp-service-account")]
    [TestCase("azure.workload.identity/client-id")]
    public void Workload_identity_annotations_are_admitted_by_default(string key) =>
        Assert.That(Validate(WithMetadata(annotations: new() { [key] = "x" })).Errors, Is.Empty);

    [TestCase("kubernetes.io/enforce-mountable-secrets", "never allowed")]
    [TestCase("kubernetes.io/service-account.name", "never allowed")]
    [TestCase("authentication.kubernetes.io/x", "never allowed")]
    [TestCase("example.com/role", PodPolicy.AllowedServiceAccountAnnotationPrefixesSetting)]
    [TestCase("plain", PodPolicy.AllowedServiceAccountAnnotationPrefixesSetting)]
    public void Other_annotations_are_denied_naming_the_setting_or_never(string key, string message)
    {
        var error = Validate(WithMetadata(annotations: new() { [key] = "x" })).Errors.Single();
        Assert.That(error.Path, Is.EqualTo($"spec.serviceAccount.annotations[{key}]"));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void The_policy_list_widens_annotations_but_never_to_kubernetes_io()
    {
        var policy = PodPolicy.Default with { AllowedServiceAccountAnnotationPrefixes = ["example.com/", "kubernetes.io/"] };
        Assert.That(Validate(WithMetadata(annotations: new() { ["example.com/role"] = "x" }), policy).Errors, Is.Empty);
        Assert.That(Validate(WithMetadata(annotations: new() { ["kubernetes.io/enforce-mountable-secrets"] = "x" }), policy).Errors.Single().Message, Does.Contain("never allowed"));
        Assert.That(Validate(WithMetadata(annotations: new() { ["eks.amazonaws.com/role-arn"] = "x" }), policy).Errors, Is.Not.Empty, "a list given replaces the defaults");
    }

    [TestCase(OwnedLabels.Instance, "the operator finds what it made by")]
    [TestCase(OwnedLabels.ManagedBy, "the operator finds what it made by")]
    [TestCase(OwnedLabels.UsableBySparkApplications, "only a namespace's admin puts")]
    public void Owned_labels_and_the_mark_are_denied_on_the_made_account(string key, string message)
    {
        var error = Validate(WithMetadata(labels: new() { [key] = "true" })).Errors.Single();
        Assert.That(error.Path, Is.EqualTo($"spec.serviceAccount.labels[{key}]"));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void Label_syntax_is_checked_on_the_made_account() =>
        Assert.That(Validate(WithMetadata(labels: new() { ["team"] = "data science" })).Errors.Single().Path, Is.EqualTo("spec.serviceAccount.labels[team]"));

    [Test]
    public void A_marked_account_may_be_used()
    {
        Assert.That(ServiceAccountRules.Refusal(Account("spark-etl", Marked), "team-a", "spark-etl", PodPolicy.Default), Is.Null);
        Assert.That(ServiceAccountRules.Refusal(Account("default", Marked), "team-a", "default", PodPolicy.Default), Is.Null, "default too, once its admin marks it");
    }

    [Test]
    public void A_missing_account_is_refused_saying_how_to_make_it_usable()
    {
        var why = ServiceAccountRules.Refusal(null, "team-a", "spark-etl", PodPolicy.Default);
        Assert.That(why, Does.Contain("team-a/spark-etl").And.Contain("does not exist").And.Contain("spark-operator-driver")
            .And.Contain("kubectl -n team-a label serviceaccount spark-etl sparkoperator.dev/usable-by-spark-applications=true"));
    }

    [TestCase("false")]
    [TestCase("yes")]
    [TestCase(null)]
    public void An_unmarked_account_is_refused_with_the_label_command_and_the_setting(string? value)
    {
        var labels = value is null ? null : new Dictionary<string, string> { [OwnedLabels.UsableBySparkApplications] = value };
        var why = ServiceAccountRules.Refusal(Account("spark-etl", labels), "team-a", "spark-etl", PodPolicy.Default);
        Assert.That(why, Does.Contain("is not marked").And.Contain("kubectl -n team-a label serviceaccount spark-etl sparkoperator.dev/usable-by-spark-applications=true")
            .And.Contain(PodPolicy.AllowAnyServiceAccountSetting));
    }

    [Test]
    public void The_policy_may_allow_any_account_but_default_and_other_applications_accounts()
    {
        var any = PodPolicy.Default with { AllowAnyServiceAccount = true };
        Assert.That(ServiceAccountRules.Refusal(Account("spark-etl"), "team-a", "spark-etl", any), Is.Null);
        Assert.That(ServiceAccountRules.Refusal(Account("default"), "team-a", "default", any), Does.Contain("is not marked").And.Not.Contain(PodPolicy.AllowAnyServiceAccountSetting));
        Assert.That(ServiceAccountRules.Refusal(null, "team-a", "spark-etl", any), Does.Contain("does not exist"));
        Assert.That(ServiceAccountRules.Refusal(Account("etl", Marked, ownerKind: SparkApplication.KindName), "team-a", "etl", any), Does.Contain("belongs to another SparkApplication"));
    }
}
