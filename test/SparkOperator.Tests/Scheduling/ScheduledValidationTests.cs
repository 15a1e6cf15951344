using k8s.Models;
using SparkOperator.Cli;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Scheduling;

public class ScheduledValidationTests
{
    private static readonly ScheduledSparkApplicationAdmissionValidator Validator = new();

    private static List<string> Errors(ScheduledSparkApplication app) =>
        [.. Validator.Validate(app, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None).Errors.Select(e => e.ToString())];

    [Test]
    public void A_valid_schedule_is_admitted() => Assert.That(Errors(ScheduledFixtures.Create()), Is.Empty);

    [Test]
    public void Every_bad_field_is_denied_with_its_path()
    {
        var app = ScheduledFixtures.Create("0 25 * * *", s =>
        {
            s.TimeZone = "Mars/Olympus";
            s.StartingDeadlineSeconds = -1;
            s.SuccessfulRunHistoryLimit = -1;
            s.FailedRunHistoryLimit = -2;
            s.ConcurrencyPolicy = (ConcurrencyPolicy)7;
        });

        var errors = Errors(app);

        Assert.That(errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]), Is.EquivalentTo(new[]
        {
            "spec.schedule", "spec.timeZone", "spec.concurrencyPolicy", "spec.startingDeadlineSeconds",
            "spec.successfulRunHistoryLimit", "spec.failedRunHistoryLimit",
        }), string.Join("\n", errors));
    }

    [Test]
    public void The_template_gets_the_SparkApplication_rules_under_spec_template_spec()
    {
        var app = ScheduledFixtures.Create(change: s =>
        {
            s.Template.Spec.SparkImage = "";
            s.Template.Spec.MainApplicationFile = "local:///app.jar";
            s.Template.Spec.MainClass = null;
            s.Template.Spec.Volumes = [new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/etc" } }];
            s.Template.Spec.SparkConf = new Dictionary<string, string> { ["spark.kubernetes.namespace"] = "other" };
        });

        var errors = Errors(app);

        Assert.That(errors, Has.Some.StartsWith("spec.template.spec.sparkImage: is required"));
        Assert.That(errors, Has.Some.StartsWith("spec.template.spec.mainClass:"));
        Assert.That(errors, Has.Some.StartsWith("spec.template.spec.volumes[0].hostPath:").And.Some.Contains("Policy:AllowedVolumeTypes"), "the pod policy binds the template");
        Assert.That(errors, Has.Some.StartsWith("spec.template.spec.sparkConf[spark.kubernetes.namespace]:"));
        Assert.That(errors, Has.All.StartsWith("spec.template.spec."));
    }

    [Test]
    public void The_template_may_not_set_the_operators_run_label_or_a_bad_label()
    {
        var app = ScheduledFixtures.Create(change: s => s.Template.Metadata = new TemplateMetadata
        {
            Labels = new Dictionary<string, string> { ["sparkoperator.dev/scheduled-app"] = "other", ["bad key!"] = "x" },
            Annotations = new Dictionary<string, string> { ["sparkoperator.dev/scheduled-time"] = "2020-01-01T00:00:00Z" },
        });

        Assert.That(Errors(app), Is.EquivalentTo(new[]
        {
            "spec.template.metadata.labels[sparkoperator.dev/scheduled-app]: is set by the operator on every run and may not be given in the template",
            "spec.template.metadata.labels[bad key!]: is not a valid key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'",
            "spec.template.metadata.annotations[sparkoperator.dev/scheduled-time]: is set by the operator on every run and may not be given in the template",
        }));
    }

    [Test]
    public void Warnings_about_the_template_name_its_path()
    {
        var app = ScheduledFixtures.Create(change: s => s.Template.Spec.SparkImage = "apache/spark:latest");

        var result = Validator.Validate(app, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None);

        Assert.That(result.Warnings, Has.Some.StartsWith("spec.template.spec.sparkImage: apache/spark:latest"));
    }

    [Test]
    public void An_update_that_leaves_the_spec_alone_is_not_checked_again_and_an_edit_is()
    {
        var broken = ScheduledFixtures.Create("not a schedule");
        Assert.That(Validator.Validate(broken, broken, AdmissionOperation.Update, dryRun: false, CancellationToken.None).IsAllowed, Is.True);

        var edited = ScheduledFixtures.Create("not a schedule");
        Assert.That(Validator.Validate(edited, ScheduledFixtures.Create(), AdmissionOperation.Update, dryRun: false, CancellationToken.None).IsAllowed, Is.False);
    }

    [Test]
    public void Validate_checks_the_new_kind_against_its_schema_and_its_rules()
    {
        const string Manifest = """
            apiVersion: sparkoperator.dev/v1alpha1
            kind: ScheduledSparkApplication
            metadata: {name: bad}
            spec:
              schedule: "@every_second"
              concurrencyPolicy: Forbid
              template:
                spec:
                  sparkImage: apache/spark:4.1.1
                  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
            ---
            apiVersion: sparkoperator.dev/v1alpha1
            kind: ScheduledSparkApplication
            metadata: {name: typo}
            spec:
              schedule: "@daily"
              concurencyPolicy: Forbid
              template: {spec: {sparkImage: apache/spark:4.1.1, mainApplicationFile: local:///x.py}}
            """;

        var report = ValidateCommand.Check("f.yaml", Manifest, new SparkApplicationAdmissionValidator());

        Assert.That(report.Applications, Is.EqualTo(2));
        Assert.That(report.Errors, Is.EquivalentTo(new[]
        {
            "f.yaml: bad: spec.schedule: '@every_second' is not a known macro; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or five cron fields",
            "f.yaml: bad: spec.template.spec.mainClass: is required for a JVM application (.jar); set the fully qualified main class",
            "f.yaml: typo: spec.concurencyPolicy: unknown field",
        }).Using<string>((a, b) => a.StartsWith(b[..Math.Min(b.Length, 40)], StringComparison.Ordinal) ? 0 : 1), string.Join("\n", report.Errors));
    }
}
