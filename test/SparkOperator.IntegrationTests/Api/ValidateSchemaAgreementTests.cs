using SparkOperator.Cli;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Validation;

namespace SparkOperator.IntegrationTests.Api;

/// <summary>
/// The offline validate command and the real API server (kubectl apply --dry-run=server
/// --validate=strict, the CRD as generated) agree on which documents are refused, and validate names
/// the field the server names.
/// </summary>
public class ValidateSchemaAgreementTests : SparkApplicationTest
{
    private const string Good = "sparkImage: 'apache/spark:4.1.1', mode: cluster, mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar', mainClass: org.apache.spark.examples.SparkPi";

    public static IEnumerable<TestCaseData> Documents()
    {
        yield return Case("minimal", true, "spec: {" + Good + "}");
        yield return Case("preserved-unknown", true, "spec: {" + Good + ", volumes: [{name: v, ephemeral: {volumeClaimTemplate: {metadata: {labels: {a: b}, anything: 1}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}}]}");
        yield return Case("int-or-string", true, "spec: {" + Good + ", driver: {coreLimit: 1200m}, executor: {coreLimit: \"2\"}}");
        yield return Case("typo", false, "spec: {" + Good + ", driver: {memroy: 512m}}");
        yield return Case("kubeflow-style", false, "spec: {type: Scala, mode: cluster, image: 'spark:3.5.1', mainClass: org.apache.spark.examples.SparkPi, mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar', sparkVersion: '3.5.1', driver: {cores: 1, memory: 512m, serviceAccount: spark}}");
        yield return Case("unknown-top-level", false, "spec: {" + Good + "}\nspecification: {}");
        yield return Case("wrong-type", false, "spec: {" + Good + ", executor: {instances: three}}");
        yield return Case("enum", false, "spec: {" + Good + ", restartPolicy: {type: Sometimes}}");
        yield return Case("pattern", false, "spec: {" + Good + ", driver: {memory: 2Gi}}");
        yield return Case("minimum", false, "spec: {" + Good + ", driver: {cores: 0}}");
        yield return Case("required", false, "spec: {sparkImage: 'apache/spark:4.1.1', mode: cluster}");
    }

    /// <summary>
    /// podOverrides is open in the CRD and decoded strictly by the webhook, so with the webhook
    /// registered the server refuses what validate refuses, at the same path.
    /// </summary>
    public static IEnumerable<TestCaseData> PodOverrideDocuments()
    {
        yield return Case("overrides-admitted", true, "spec: {" + Good + ", driver: {podOverrides: {metadata: {labels: {team: a}}, spec: {terminationGracePeriodSeconds: 30, hostAliases: [{ip: 10.0.0.1, hostnames: [m]}], containers: [{name: side, image: 'busybox:1.36'}]}}}}");
        yield return Case("overrides-typo", false, "spec: {" + Good + ", executor: {podOverrides: {spec: {containers: [{name: spark, securityContex: {}}]}}}}");
        yield return Case("overrides-wrong-type", false, "spec: {" + Good + ", job: {podOverrides: {spec: {activeDeadlineSeconds: soon}}}}");
        yield return Case("overrides-privileged-sidecar", false, "spec: {" + Good + ", driver: {podOverrides: {spec: {containers: [{name: escape, image: 'busybox:1.36', securityContext: {privileged: true}}]}}}}");
    }

    [TestCaseSource(nameof(PodOverrideDocuments))]
    public async Task Validate_and_the_api_server_with_the_webhook_agree_on_pod_overrides(string name, bool admitted, string yaml)
    {
        await StartOperatorAsync(new OperatorStart { Webhook = true, Controllers = false });
        await Validate_and_the_api_server_agree(name, admitted, yaml);
    }

    private static TestCaseData Case(string name, bool admitted, string body) =>
        new TestCaseData(name, admitted, $"apiVersion: sparkoperator.dev/v1alpha1\nkind: SparkApplication\nmetadata: {{name: {name}}}\n{body}\n")
            .SetName($"validate and the API server agree: {name} is {(admitted ? "admitted" : "refused")}");

    [TestCaseSource(nameof(Documents))]
    public async Task Validate_and_the_api_server_agree(string name, bool admitted, string yaml)
    {
        var report = ValidateCommand.Check($"{name}.yaml", yaml, new SparkApplicationAdmissionValidator());
        var (code, output) = await Kubectl.RunAsync(["apply", "--dry-run=server", "--validate=strict", "-n", Namespace, "-f", "-"], yaml);
        Saw($"validate: {string.Join(" | ", report.Errors)}\nkubectl: {output}");

        Assert.That(report.Errors, admitted ? Is.Empty : Is.Not.Empty);
        Assert.That(code == 0, Is.EqualTo(admitted), output);
        foreach (var error in report.Errors)
        {
            // "file: name: path: message"
            var path = error.Split(": ")[2];
            Assert.That(output, Does.Contain(path), $"the server names no {path}");
        }
    }
}
