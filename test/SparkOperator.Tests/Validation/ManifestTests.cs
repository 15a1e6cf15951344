using SparkOperator.Cli;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>Every sample is admitted by <c>validate</c>; every broken manifest is denied with exactly its expected errors.</summary>
public class ManifestTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SparkOperator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SparkOperator.sln not found above the test directory");
    }

    public static IEnumerable<TestCaseData> Samples() =>
        Directory.GetFiles(Path.Combine(Root, "samples"), "*.yaml").Order().Select(f => new TestCaseData(f).SetName("Sample " + Path.GetFileName(f) + " is admitted"));

    public static IEnumerable<TestCaseData> Broken() =>
        Directory.GetFiles(Path.Combine(Root, "test", "SparkOperator.Tests", "Validation", "broken"), "*.yaml").Order()
            .Select(f => new TestCaseData(f).SetName("Broken " + Path.GetFileName(f) + " is denied as expected"));

    [TestCaseSource(nameof(Samples))]
    public void Sample_is_admitted(string file)
    {
        var report = ValidateCommand.Check(file, File.ReadAllText(file), new SparkApplicationAdmissionValidator());

        Assert.That(report.Applications, Is.GreaterThan(0));
        Assert.That(report.Errors, Is.Empty);
    }

    [TestCaseSource(nameof(Broken))]
    public void Broken_manifest_is_denied_with_its_expected_errors(string file)
    {
        var text = File.ReadAllText(file);
        var expected = Expectations(text, "# expect: ");
        Assert.That(expected, Is.Not.Empty, "a broken manifest must list its expected errors");

        // The webhook's rules alone; validate itself stops at the schema's errors when there are any.
        AssertErrors(file, ValidateCommand.Check(file, text, new SparkApplicationAdmissionValidator(), checkSchema: false), expected);
        var schema = Expectations(text, "# schema: ");
        AssertErrors(file, ValidateCommand.Check(file, text, new SparkApplicationAdmissionValidator()), schema.Count > 0 ? schema : expected);
    }

    private static List<string> Expectations(string text, string prefix) =>
        text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].Trim()).ToList();

    private static void AssertErrors(string file, ValidateCommand.Report report, List<string> expected)
    {

        Assert.That(report.Errors, Has.Count.EqualTo(expected.Count), string.Join("\n", report.Errors));
        var actual = report.Errors.Select(e => Split(e[(file.Length + 2)..])).ToList();
        foreach (var expectation in expected.Select(Split))
        {
            Assert.That(
                actual.Any(a => (a.Name == expectation.Name || a.Name.EndsWith("/" + expectation.Name, StringComparison.Ordinal))
                    && a.Path == expectation.Path && a.Message.Contains(expectation.Message, StringComparison.Ordinal)),
                Is.True,
                $"expected: {expectation}\nactual:\n{string.Join("\n", report.Errors)}");
        }
    }

    // "name: path: message" (paths and names contain no ": ").
    private static (string Name, string Path, string Message) Split(string line)
    {
        var parts = line.Split(": ", 3);
        return (parts[0], parts[1], parts[2]);
    }

    [Test]
    public void Validate_command_prints_errors_and_exits_non_zero_when_denied()
    {
        var output = new StringWriter();
        var broken = Path.Combine(Root, "test", "SparkOperator.Tests", "Validation", "broken", "volumes.yaml");
        var sample = Path.Combine(Root, "samples", "spark-pi.yaml");

        Assert.That(ValidateCommand.Run([sample], output, TextWriter.Null), Is.EqualTo(0));
        Assert.That(ValidateCommand.Run([sample, broken], output, TextWriter.Null), Is.EqualTo(1));
        Assert.That(output.ToString(), Does.Contain($"{broken}: analytics/broken-volumes: spec.volumes[1].name: duplicate volume name 'deps'"));
    }

    [Test]
    public void Validate_command_reports_unreadable_files_and_yaml()
    {
        var output = new StringWriter();
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "spec: [unclosed");
        try
        {
            Assert.That(ValidateCommand.Run([file, file + ".missing"], output, TextWriter.Null), Is.EqualTo(1));
            Assert.That(output.ToString(), Does.Contain($"{file}: not valid YAML").And.Contain($"{file}.missing: cannot be read"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Mode_is_read_by_its_json_name_from_yaml()
    {
        const string yaml = "apiVersion: sparkoperator.dev/v1alpha1\nkind: SparkApplication\nmetadata: {name: m}\nspec: {sparkImage: 'apache/spark:4.1.1', mode: client, mainApplicationFile: 'local:///a.py', version: '1.0'}\n";

        var report = ValidateCommand.Check("m.yaml", yaml, new SparkApplicationAdmissionValidator());

        Assert.That(report.Errors, Is.EqualTo(new[] { "m.yaml: m: spec.mode: only cluster mode is supported" }));
    }

    private const string Head = "apiVersion: sparkoperator.dev/v1alpha1\nkind: SparkApplication\nmetadata: {name: s}\n";
    private const string GoodSpec = "spec: {sparkImage: 'apache/spark:4.1.1', mode: cluster, mainApplicationFile: 'local:///a.py'";

    [TestCase(", driver: {memroy: 512m}}", "s.yaml: s: spec.driver.memroy: unknown field", TestName = "validate refuses a typo in a field name")]
    [TestCase(", executor: {instances: three}}", "s.yaml: s: spec.executor.instances: must be integer, got string", TestName = "validate refuses a wrong type")]
    [TestCase(", restartPolicy: {type: Sometimes}}", "s.yaml: s: spec.restartPolicy.type: \"Sometimes\" is not one of", TestName = "validate refuses a value outside an enum")]
    public void Validate_checks_the_crd_schema_as_the_api_server_does(string rest, string error)
    {
        var report = ValidateCommand.Check("s.yaml", Head + GoodSpec + rest + "\n", new SparkApplicationAdmissionValidator());

        Assert.That(report.Errors, Has.Some.StartsWith(error));
    }

    [Test]
    public void Validate_refuses_a_kubeflow_style_spec_with_every_unknown_field()
    {
        const string kubeflow = Head + "spec: {type: Scala, mode: cluster, image: 'spark:3.5.1', mainClass: org.apache.spark.examples.SparkPi, "
            + "mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar', sparkVersion: '3.5.1', driver: {cores: 1, memory: 512m, serviceAccount: spark}}\n";

        var report = ValidateCommand.Check("s.yaml", kubeflow, new SparkApplicationAdmissionValidator());

        // As the API server's strict decoding: the unknown fields, before (and instead of) the missing spec.sparkImage.
        Assert.That(report.Errors, Is.EquivalentTo(new[]
        {
            "s.yaml: s: spec.type: unknown field",
            "s.yaml: s: spec.sparkVersion: unknown field",
            "s.yaml: s: spec.driver.serviceAccount: unknown field",
        }));
    }

    [Test]
    public void Validate_accepts_unknown_fields_where_the_schema_preserves_them()
    {
        const string volume = ", volumes: [{name: v, ephemeral: {volumeClaimTemplate: {metadata: {labels: {a: b}, anything: 1}, "
            + "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}}]}\n";

        var report = ValidateCommand.Check("s.yaml", Head + GoodSpec + volume, new SparkApplicationAdmissionValidator());

        Assert.That(report.Errors, Is.Empty);
    }
}
