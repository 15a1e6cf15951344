using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Hosting;

namespace SparkOperator.IntegrationTests.Webhooks;

/// <summary>
/// The webhook behind a real API server: the operator host with a development certificate, registered
/// by URL with its CA, in front of a schemaless SparkApplication CRD (so the webhook, not the schema,
/// judges every field). kubectl must show every field error, and the API server must relay warnings.
/// </summary>
[NonParallelizable]
public class AdmissionWebhookClusterTests
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: sparkapplications.sparkoperator.dev
        spec:
          group: sparkoperator.dev
          scope: Namespaced
          names: {plural: sparkapplications, singular: sparkapplication, kind: SparkApplication, shortNames: [sparkapp]}
          versions:
            - name: v1alpha1
              served: true
              storage: true
              subresources: {status: {}}
              schema:
                openAPIV3Schema:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
        """;

    private static readonly string Root = KubeboxCluster.RepositoryRoot();
    private KubeboxCluster cluster = null!;
    private WebApplication host = null!;

    [OneTimeSetUp]
    public async Task StartClusterAndWebhook()
    {
        cluster = await KubeboxCluster.UpAsync();
        host = OperatorHost.Build(OperatorHost.CreateBuilder(
            ["--Webhook:Port=0", "--Http:Port=0", "--Webhook:DevelopmentCertificate=true", "--Logging:LogLevel:Default=Warning", "--Operator:Controllers:Enabled=false"]));
        await host.StartAsync();
        var port = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Single(a => a.Scheme == "https").Port;
        var caBundle = host.Services.GetRequiredService<DevelopmentCertificateAuthority>().CaBundle;
        var configuration = $$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: spark-operator-test
            webhooks:
              - name: validate.sparkapplications.sparkoperator.dev
                admissionReviewVersions: [v1]
                sideEffects: None
                failurePolicy: Fail
                timeoutSeconds: 10
                clientConfig:
                  url: https://127.0.0.1:{{port}}{{OperatorDefaults.ValidateSparkApplicationPath}}
                  caBundle: {{caBundle}}
                rules:
                  - apiGroups: [sparkoperator.dev]
                    apiVersions: [v1alpha1]
                    operations: [CREATE, UPDATE]
                    resources: [sparkapplications]
            """;
        await Kubectl(0, "apply", "-f", "-").WithInput(Crd);
        await Kubectl(0, "wait", "--for=condition=Established", "crd/sparkapplications.sparkoperator.dev", "--timeout=60s");
        await Kubectl(0, "apply", "-f", "-").WithInput(configuration);
        await Kubectl(0, "create", "namespace", "analytics");
    }

    [OneTimeTearDown]
    public async Task StopWebhookAndCluster()
    {
        if (host is not null)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    private KubectlCall Kubectl(int? expectedCode, params string[] arguments) => new(cluster, expectedCode, arguments);

    public static IEnumerable<TestCaseData> BrokenManifests() =>
        Directory.GetFiles(Path.Combine(KubeboxCluster.RepositoryRoot(), "test", "SparkOperator.Tests", "Validation", "broken"), "*.yaml").Order()
            .Select(f => new TestCaseData(f).SetName("kubectl apply of broken " + Path.GetFileName(f) + " shows every field error"));

    public static IEnumerable<TestCaseData> Samples() =>
        Directory.GetFiles(Path.Combine(KubeboxCluster.RepositoryRoot(), "samples"), "*.yaml").Order()
            .Select(f => new TestCaseData(f).SetName("kubectl apply of sample " + Path.GetFileName(f) + " is admitted"));

    [TestCaseSource(nameof(BrokenManifests))]
    public async Task Broken_manifest_is_rejected_with_every_field_path(string file)
    {
        var expectations = File.ReadAllLines(file).Where(l => l.StartsWith("# expect: ", StringComparison.Ordinal))
            .Select(l => l["# expect: ".Length..].Split(": ", 3)).ToList();

        var output = await Kubectl(null, "apply", "--dry-run=server", "-f", file);

        Assert.That(output, Does.Contain("denied the request").Or.Contain("is invalid"));
        foreach (var expectation in expectations)
        {
            Assert.That(output, Does.Contain($"{expectation[1]}: "), $"missing {expectation[1]} in:\n{output}");
        }
    }

    [TestCaseSource(nameof(Samples))]
    public async Task Sample_is_admitted(string file)
    {
        var output = await Kubectl(0, "apply", "--dry-run=server", "-f", file);

        Assert.That(output, Does.Contain("sparkapplication.sparkoperator.dev/"));
    }

    [Test]
    public async Task Latest_image_is_created_with_kubectl_warning()
    {
        const string manifest = """
            apiVersion: sparkoperator.dev/v1alpha1
            kind: SparkApplication
            metadata: {name: latest-pi}
            spec:
              sparkImage: apache/spark:latest
              mode: cluster
              mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar
              mainClass: org.apache.spark.examples.SparkPi
            """;

        var output = await Kubectl(0, "apply", "-f", "-").WithInput(manifest);

        Assert.That(output, Does.Contain("Warning: spec.sparkImage: apache/spark:latest uses the tag latest"));
        Assert.That(output, Does.Contain("sparkapplication.sparkoperator.dev/latest-pi created"));
    }

    [Test]
    public async Task Spec_edit_after_submission_is_denied_and_metadata_edit_is_not()
    {
        var sample = Path.Combine(Root, "samples", "spark-pi.yaml");
        await Kubectl(0, "apply", "-f", sample);
        await Kubectl(0, "patch", "sparkapplication", "spark-pi", "--subresource=status", "--type=merge",
            "-p", """{"status":{"phase":"Running","submitJobName":"spark-pi-submit-1"}}""");

        var denied = await Kubectl(1, "apply", "-f", "-").WithInput(File.ReadAllText(sample).Replace("args: [\"1000\"]", "args: [\"2000\"]", StringComparison.Ordinal));
        await Kubectl(0, "label", "sparkapplication", "spark-pi", "team=analytics");
        await Kubectl(0, "delete", "sparkapplication", "spark-pi");

        Assert.That(denied, Does.Contain("spec: cannot be changed after the application was submitted (phase Running; changed: args)"));
    }

    /// <summary>A kubectl invocation; awaiting it runs it and checks the exit code when one is expected.</summary>
    private sealed class KubectlCall(KubeboxCluster cluster, int? expectedCode, string[] arguments)
    {
        private string? input;

        public KubectlCall WithInput(string stdin)
        {
            input = stdin;
            return this;
        }

        public System.Runtime.CompilerServices.TaskAwaiter<string> GetAwaiter() => RunAsync().GetAwaiter();

        private async Task<string> RunAsync()
        {
            var (code, output) = await cluster.KubectlAsync(arguments, input);
            if (expectedCode is { } expected)
            {
                Assert.That(code, Is.EqualTo(expected), $"kubectl {string.Join(' ', arguments)}:\n{output}");
            }

            return output;
        }
    }
}
