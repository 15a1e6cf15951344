using System.Text.Json.Nodes;
using SparkOperator.Entities;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Lifecycle;

namespace SparkOperator.IntegrationTests.Webhooks;

/// <summary>
/// The webhook behind the real API server, in front of the generated CRD: the operator host serves
/// it on loopback with the development certificate, registered through the generated
/// ValidatingWebhookConfiguration. kubectl must show every field error and relay warnings; a
/// submitted application's spec cannot change (and without the webhook the controller says so).
/// </summary>
public class AdmissionWebhookClusterTests : SparkApplicationTest
{
    [Test]
    public async Task Every_broken_manifest_is_rejected_and_kubectl_shows_every_field_path()
    {
        await StartOperatorAsync(new OperatorStart { Webhook = true, Controllers = false });
        var files = Directory.GetFiles(RepositoryFiles.Path("test", "SparkOperator.Tests", "Validation", "broken"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Is.Not.Empty);

        foreach (var file in files)
        {
            var expectations = File.ReadAllLines(file).Where(l => l.StartsWith("# expect: ", StringComparison.Ordinal))
                .Select(l => l["# expect: ".Length..].Split(": ", 3)[1]).ToList();
            var documents = TestManifests.Load(file);
            foreach (var document in documents)
            {
                // Some carry the namespace of their story; the test's namespace is where the webhook listens.
                (document["metadata"] as JsonObject)?.Remove("namespace");
            }

            var (code, output) = await Kubectl.RunAsync(["apply", "-n", Namespace, "-f", "-"], TestManifests.ToList(documents));
            Saw($"{Path.GetFileName(file)}: exit {code}\n{output}");

            Assert.That(code, Is.Not.Zero, $"{file} was admitted:\n{output}");
            if (output.Contains("error validating data", StringComparison.Ordinal))
            {
                // kubectl's own check against the served OpenAPI schema (a wrong type) comes first.
                Assert.That(expectations.Where(p => output.Contains(p, StringComparison.Ordinal)), Is.Not.Empty, output);
                continue;
            }

            Assert.That(output, Does.Contain("is invalid").Or.Contain("denied the request"), file);
            if (output.Contains("in body should", StringComparison.Ordinal) || output.Contains("in body must be", StringComparison.Ordinal))
            {
                // The CRD's structural schema rejects the object before validating webhooks run, so
                // kubectl shows the schema's errors only: each must be one the file expects.
                var shown = output.Split('\n').Where(l => l.StartsWith("* ", StringComparison.Ordinal)).Select(l => l[2..l.IndexOf(": ", StringComparison.Ordinal)]).ToList();
                Assert.That(shown, Is.Not.Empty, output);
                Assert.That(shown, Is.SubsetOf(expectations), $"{Path.GetFileName(file)}: the schema reports an error the file does not expect:\n{output}");
                continue;
            }

            foreach (var path in expectations)
            {
                Assert.That(output, Does.Contain($"{path}: "), $"{Path.GetFileName(file)}: kubectl does not show {path}:\n{output}");
            }
        }
    }

    [Test]
    public async Task Every_sample_is_admitted()
    {
        await StartOperatorAsync(new OperatorStart { Webhook = true, Controllers = false });

        foreach (var sample in RepositoryFiles.Samples())
        {
            var output = await Kubectl.ExpectAsync(0, ["apply", "--dry-run=server", "-n", Namespace, "-f", sample]);

            Assert.That(output, Does.Contain("sparkapplication.sparkoperator.dev/"), sample);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Backtracking_bait_is_denied_through_the_API_server_created_or_dry_run(bool dryRun)
    {
        await StartOperatorAsync(new OperatorStart { Webhook = true, Controllers = false });
        var documents = TestManifests.Load(RepositoryFiles.Path("samples", "spark-pi.yaml"));
        documents[0]["spec"]!["deps"] = new JsonObject { ["requirements"] = new JsonArray("a" + new string(' ', 2046) + "|") };
        string[] mode = dryRun ? ["--dry-run=server"] : [];

        var (code, output) = await Kubectl.RunAsync(["create", .. mode, "-n", Namespace, "-f", "-"], TestManifests.ToList(documents));

        Assert.That(code, Is.Not.Zero, output);
        Assert.That(output, Does.Contain("spec.deps.requirements[0]: ").And.Contain("must be a pip requirement specifier"));
        Assert.That(await GetAppAsync("spark-pi"), Is.Null);
    }

    [Test]
    public async Task Latest_image_is_created_with_kubectl_warning()
    {
        await StartOperatorAsync(new OperatorStart { Webhook = true, Controllers = false });
        var documents = TestManifests.Load(RepositoryFiles.Path("samples", "spark-pi.yaml"));
        documents[0]["spec"]!["sparkImage"] = "apache/spark:latest";

        var output = await Kubectl.ExpectAsync(0, ["apply", "-n", Namespace, "-f", "-"], TestManifests.ToList(documents));

        Assert.That(output, Does.Contain("Warning: spec.sparkImage: apache/spark:latest uses the tag latest"));
        Assert.That(output, Does.Contain("sparkapplication.sparkoperator.dev/spark-pi created"));
    }

    [Test]
    public async Task Spec_edit_after_submission_is_denied_and_metadata_edit_is_not()
    {
        await StartOperatorAsync(new OperatorStart { Webhook = true });
        var documents = TestManifests.Load(RepositoryFiles.Path("samples", "spark-pi.yaml")).WithDriverOutcome("succeed");
        await ApplyAsync(documents);
        await WaitForAppAsync("spark-pi", a => a.Status?.SubmitJobName is not null, "to be submitted");

        documents[0]["spec"]!["args"] = new JsonArray("2000");
        var (code, denied) = await Kubectl.RunAsync(["apply", "-n", Namespace, "-f", "-"], TestManifests.ToList(documents));
        await Kubectl.ExpectAsync(0, ["label", "-n", Namespace, "sparkapplication", "spark-pi", "team=analytics"]);

        Assert.That(code, Is.EqualTo(1), denied);
        Assert.That(denied, Does.Match(@"spec: cannot be changed after the application was submitted \(phase \w+; changed: args\)"));
        Assert.That((await GetAppAsync("spark-pi"))!.Spec.Args, Is.EqualTo(new[] { "1000" }));
    }

    [Test]
    public async Task Without_the_webhook_a_spec_edit_after_submission_is_recorded_as_SpecChanged()
    {
        await StartOperatorAsync();
        var documents = TestManifests.Load(RepositoryFiles.Path("samples", "spark-pi.yaml"));
        await ApplyAsync(documents);
        await WaitForAppAsync("spark-pi", a => a.Status?.SubmitJobName is not null, "to be submitted");

        documents[0]["spec"]!["args"] = new JsonArray("2000");
        await ApplyAsync(documents);

        var app = await WaitForAppAsync(
            "spark-pi",
            a => StatusConditions.IsTrue(a.Status?.Conditions, StatusConditions.SpecChanged),
            "to have condition SpecChanged=True");
        Assert.That(app.Status!.Attempt, Is.EqualTo(1), "the running attempt keeps the submitted spec");
        var events = await EventsOnceAsync("spark-pi", "SpecChanged");
        Assert.That(events.Select(e => e.Reason), Does.Contain("SpecChanged"));
    }
}
