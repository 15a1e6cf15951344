using System.Text.Json.Nodes;
using k8s.Models;
using SparkOperator.Framework.Crds;

namespace SparkOperator.Tests.Crds;

/// <summary>Strict decoding of raw JSON as a KubernetesClient model, the way the API server would check it under the model's full schema.</summary>
public class ModelSchemaTests
{
    private static IReadOnlyList<(string Path, string Message)> Check(string json) =>
        ModelSchema.Check(typeof(V1PodTemplateSpec), JsonNode.Parse(json));

    [Test]
    public void A_valid_template_has_no_problems() =>
        Assert.That(Check("""{"metadata":{"labels":{"a":"b"}},"spec":{"priorityClassName":"high","terminationGracePeriodSeconds":30,"containers":[{"name":"c","resources":{"limits":{"cpu":"500m","memory":1024}},"ports":[{"containerPort":80}]}]}}"""), Is.Empty);

    [Test]
    public void An_unknown_field_is_found_with_its_path() =>
        Assert.That(Check("""{"spec":{"containers":[{"name":"c"},{"name":"d","securityContex":{}}]}}"""), Is.EqualTo(new[] { ("spec.containers[1].securityContex", "unknown field") }));

    [Test]
    public void Wrong_types_and_nulls_are_found()
    {
        var problems = Check("""{"spec":{"hostNetwork":"yes","terminationGracePeriodSeconds":1.5,"containers":[{"name":null}]}}""");
        Assert.That(problems.Select(p => p.Path), Is.EquivalentTo(new[] { "spec.hostNetwork", "spec.terminationGracePeriodSeconds", "spec.containers[0].name" }));
    }

    [Test]
    public void A_field_outside_metadata_and_spec_is_unknown() =>
        Assert.That(Check("""{"apiVersion":"v1","spec":{}}""").Single().Path, Is.EqualTo("apiVersion"));
}
