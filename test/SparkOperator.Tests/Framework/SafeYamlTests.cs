using k8s.Models;
using SparkOperator.Framework.Manifests;

namespace SparkOperator.Tests.Framework;

public class SafeYamlTests
{
    // Strings a YAML 1.1 reader (the API server's, kubectl's, SnakeYAML's) or a YAML 1.2 reader takes for
    // numbers, booleans, nulls or timestamps when written plain. The first is the Deployment env value
    // the API server refused ("expected string, got 16777216").
    private static readonly string[] Ambiguous =
    [
        "0x1000000", "1_000", "12:30", "0o17", "017", "+1", "-1", "1", "1.5", ".5", "1e3", "-.inf", ".NaN",
        "2026-12-02", "2026-12-02T10:00:00Z", "yes", "No", "ON", "off", "y", "N", "true", "False", "~", "null", "", "<<", "=",
    ];

    [TestCaseSource(nameof(Ambiguous))]
    public void A_string_any_reader_could_take_for_something_else_is_quoted(string text)
    {
        Assert.That(SafeYaml.NeedsQuotes(text), Is.True);
        var yaml = SafeYaml.Serialize(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Data = new Dictionary<string, string> { ["v"] = text } });
        Assert.That(yaml, Does.Contain($"v: \"{text}\""));
        var back = YamlJson.ReadDocuments(yaml).Single()["data"]!["v"]!;
        Assert.That(back.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String));
        Assert.That(back.GetValue<string>(), Is.EqualTo(text));
    }

    [TestCase("512Mi")]
    [TestCase("1500m")]
    [TestCase("--conf")]
    [TestCase("spark-operator")]
    [TestCase("k8s://https://kubernetes.default.svc")]
    public void An_unambiguous_string_stays_plain(string text)
    {
        Assert.That(SafeYaml.NeedsQuotes(text), Is.False);
    }

    [Test]
    public void Numbers_booleans_lines_and_kubectl_order_round_trip()
    {
        var pod = new V1Pod
        {
            Kind = "Pod",
            ApiVersion = "v1",
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Args = ["a: b", "two\nlines", "0x10"], Ports = [new V1ContainerPort { ContainerPort = 8080 }] }],
                HostNetwork = false,
            },
        };

        var yaml = SafeYaml.Serialize(pod);
        Assert.That(yaml, Does.StartWith("apiVersion: v1\nkind: Pod\nmetadata:\n"));
        var back = YamlJson.ReadDocuments(yaml).Single();
        var container = back["spec"]!["containers"]![0]!;
        Assert.That(container["args"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { "a: b", "two\nlines", "0x10" }));
        Assert.That(container["ports"]![0]!["containerPort"]!.GetValue<long>(), Is.EqualTo(8080));
        Assert.That(back["spec"]!["hostNetwork"]!.GetValue<bool>(), Is.False);
    }
}
