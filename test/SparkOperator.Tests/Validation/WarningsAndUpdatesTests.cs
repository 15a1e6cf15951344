using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Tests.Validation;

public class WarningsTests
{
    [TestCase("apache/spark:latest", ImagePullPolicy.IfNotPresent, "spec.sparkImage: apache/spark:latest uses the tag latest")]
    [TestCase("apache/spark", null, "spec.sparkImage: apache/spark has no tag")]
    [TestCase("apache/spark", ImagePullPolicy.Never, "spec.sparkImage: apache/spark has no tag (so :latest) and sparkImagePullPolicy is Never")]
    public void Mutable_image_tag_without_Always_warns_but_is_allowed(string image, ImagePullPolicy? policy, string warning)
    {
        var application = ValidApplication.Create();
        application.Spec.SparkImage = image;
        application.Spec.SparkImagePullPolicy = policy;

        var result = ValidApplication.Validate(application);

        Assert.That(result.IsAllowed, Is.True);
        Assert.That(result.Warnings, Has.Exactly(1).StartsWith(warning));
    }

    [TestCase("apache/spark:latest", ImagePullPolicy.Always)]
    [TestCase("apache/spark:4.1.1", ImagePullPolicy.IfNotPresent)]
    [TestCase("apache/spark@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null)]
    public void Pinned_image_or_Always_does_not_warn(string image, ImagePullPolicy? policy)
    {
        var application = ValidApplication.Create();
        application.Spec.SparkImage = image;
        application.Spec.SparkImagePullPolicy = policy;

        Assert.That(ValidApplication.Validate(application).Warnings, Is.Empty);
    }

    [Test]
    public void Job_image_latest_warns_at_its_own_path()
    {
        var application = ValidApplication.Create();
        application.Spec.Image = "registry.example.com/jobs:latest";

        Assert.That(ValidApplication.Validate(application).Warnings, Has.Exactly(1).StartsWith("spec.image: "));
    }

    [Test]
    public void Many_quoted_arguments_give_ten_warnings_and_a_summary()
    {
        var application = ValidApplication.Create();
        application.Spec.Args = Enumerable.Range(0, 25).Select(i => $"'{i}'").ToList();

        var warnings = ValidApplication.Validate(application).Warnings;

        Assert.That(warnings, Has.Count.EqualTo(11));
        Assert.That(warnings[^1], Is.EqualTo("spec.args: 15 more arguments are wrapped in quotes and will be unwrapped"));
    }

    [Test]
    public void Quoted_argument_warns_that_it_will_be_unwrapped()
    {
        var application = ValidApplication.Create();
        application.Spec.Args = ["plain", "'s3a://nyc-tlc/trip data/x.csv'", "\"double\"", "'not' 'whole'"];

        var result = ValidApplication.Validate(application);

        Assert.That(result.IsAllowed, Is.True);
        Assert.That(result.Warnings, Has.Count.EqualTo(3));
        Assert.That(result.Warnings[0], Does.StartWith("spec.args[1]: ").And.Contains("receives s3a://nyc-tlc/trip data/x.csv"));
        Assert.That(result.Warnings[1], Does.StartWith("spec.args[2]: ").And.Contains("receives double"));
        Assert.That(result.Warnings[2], Does.StartWith("spec.args[3]: ").And.Contains("literally"));
    }

    [Test]
    public void An_argument_with_a_shell_quoted_part_warns_that_the_quotes_reach_the_application()
    {
        var application = ValidApplication.Create();
        application.Spec.Args = ["--input 's3a://bucket/yellow_tripdata_2021-07.csv'", "--name=\"x\"", "it's", "--plain"];

        var result = ValidApplication.Validate(application);

        Assert.That(result.IsAllowed, Is.True, "a warning, not a denial: the quotes may be meant");
        Assert.That(result.Warnings, Has.Count.EqualTo(2), "a lone apostrophe is no quoted part");
        Assert.That(result.Warnings[0], Does.StartWith("spec.args[0]: ").And.Contains("reach the application literally").And.Contains("own list item"));
        Assert.That(result.Warnings[1], Does.StartWith("spec.args[1]: "));
    }
}

public class UpdateTests
{
    private static SparkApplication Stored(ApplicationPhase? phase, string? submitJobName = null)
    {
        var application = ValidApplication.Create();
        application.Status = new SparkApplicationStatus { Phase = phase, SubmitJobName = submitJobName };
        return application;
    }

    [TestCase(ApplicationPhase.Submitted)]
    [TestCase(ApplicationPhase.Running)]
    [TestCase(ApplicationPhase.Succeeded)]
    [TestCase(ApplicationPhase.Failed)]
    public void Spec_change_after_submission_is_denied(ApplicationPhase phase)
    {
        var updated = Stored(phase);
        updated.Spec.Executor!.Instances = 5;
        updated.Spec.Args = ["2000"];

        var result = ValidApplication.Validate(updated, Stored(phase));

        Assert.That(result.Errors, Has.Count.EqualTo(1));
        Assert.That(result.Errors[0].Path, Is.EqualTo("spec"));
        Assert.That(result.Errors[0].Message, Does.Contain($"phase {phase}").And.Contain("changed: args, executor").And.Contain("delete the SparkApplication and create it again"));
    }

    [Test]
    public void Spec_change_once_a_submit_job_exists_is_denied_even_while_pending()
    {
        var updated = Stored(ApplicationPhase.Pending, "app-submit-1");
        updated.Spec.SparkImage = "apache/spark:4.1.0";

        var result = ValidApplication.Validate(updated, Stored(ApplicationPhase.Pending, "app-submit-1"));

        Assert.That(result.Errors.Select(e => e.Path), Is.EqualTo(new[] { "spec" }));
    }

    [TestCase(null)]
    [TestCase(ApplicationPhase.Pending)]
    public void Spec_change_before_submission_is_validated_normally(ApplicationPhase? phase)
    {
        var updated = Stored(phase);
        updated.Spec.Executor!.Instances = 5;
        Assert.That(ValidApplication.Validate(updated, Stored(phase)).IsAllowed, Is.True);

        updated.Spec.Mode = DeployMode.Client;
        Assert.That(ValidApplication.Validate(updated, Stored(phase)).Errors.Select(e => e.Path), Is.EqualTo(new[] { "spec.mode" }));
    }

    [Test]
    public void Metadata_only_update_of_a_running_application_is_allowed()
    {
        var updated = Stored(ApplicationPhase.Running);
        updated.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
        updated.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "b" };
        updated.Metadata.Finalizers = ["sparkoperator.dev/cleanup"];
        updated.Status.Phase = ApplicationPhase.Succeeded;

        Assert.That(ValidApplication.Validate(updated, Stored(ApplicationPhase.Running)).IsAllowed, Is.True);
    }

    [Test]
    public void Metadata_only_update_of_an_object_admitted_under_older_rules_is_allowed()
    {
        // E.g. removing the finalizer of an application stored before a rule was added.
        var old = Stored(ApplicationPhase.Failed);
        old.Spec.Mode = DeployMode.Client;
        var updated = Stored(ApplicationPhase.Failed);
        updated.Spec.Mode = DeployMode.Client;
        updated.Metadata.Finalizers = [];

        Assert.That(ValidApplication.Validate(updated, old).IsAllowed, Is.True);
    }

    [Test]
    public void Reordered_maps_and_respelled_quantities_are_not_a_change()
    {
        var old = Stored(ApplicationPhase.Running);
        old.Spec.SparkConf = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        var updated = Stored(ApplicationPhase.Running);
        updated.Spec.SparkConf = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" };
        updated.Spec.Job!.Resources!.Requests!["cpu"] = new ResourceQuantity("0.1");

        Assert.That(ValidApplication.Validate(updated, old).IsAllowed, Is.True);
    }
}
