using System.Text.Json.Nodes;
using k8s.Models;
using SparkOperator.Framework.Crds;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Tests.Crds;

public class SchemaValidatorTests
{
    private enum Mode
    {
        Fast,
        Slow,
    }

    private sealed class Thing
    {
        [Required]
        public string Name { get; set; } = "";

        [Pattern("^[0-9]+m$")]
        public string? Memory { get; set; }

        [SparkOperator.Framework.Entities.Range(minimum: 0)]
        public int? Count { get; set; }

        public Mode? Mode { get; set; }

        public IntOrString? Limit { get; set; }

        public IDictionary<string, string>? Labels { get; set; }

        public IList<int>? Numbers { get; set; }

        public object? Free { get; set; }

        public bool? Flag { get; set; }
    }

    private static readonly V1JSONSchemaProps Schema = new SchemaGenerator().ForType(typeof(Thing));

    private static IReadOnlyList<string> Check(string json) => SchemaValidator.Validate(Schema, JsonNode.Parse(json));

    [TestCase("""{"name":"a"}""")]
    [TestCase("""{"name":"a","memory":"512m","count":0,"mode":"Slow","limit":"1200m","labels":{"x":"y"},"numbers":[1,2],"free":{"any":[1,"x"]},"flag":true}""")]
    [TestCase("""{"name":"a","limit":2}""")]
    [TestCase("""{"name":"a","count":3.0}""")]
    public void Accepts(string json) => Assert.That(Check(json), Is.Empty);

    [TestCase("""{}""", "name: required")]
    [TestCase("""{"name":"a","extra":1}""", "extra: unknown field")]
    [TestCase("""{"name":"a","count":"three"}""", "count: must be integer, got string")]
    [TestCase("""{"name":"a","count":1.5}""", "count: must be integer, got number")]
    [TestCase("""{"name":"a","count":-1}""", "count: -1 is out of bounds")]
    [TestCase("""{"name":"a","memory":"512"}""", "memory: '512' does not match")]
    [TestCase("""{"name":"a","mode":"fast"}""", "mode: \"fast\" is not one of Fast, Slow")]
    [TestCase("""{"name":"a","limit":true}""", "limit: must be an integer or a string, got boolean")]
    [TestCase("""{"name":"a","labels":{"x":1}}""", "labels.x: must be string, got number")]
    [TestCase("""{"name":"a","numbers":[1,"2"]}""", "numbers[1]: must be integer, got string")]
    [TestCase("""{"name":"a","flag":"yes"}""", "flag: must be boolean, got string")]
    [TestCase("""{"name":null}""", "name: must not be null")]
    [TestCase("""[]""", "<root>: must be object, got array")]
    public void Rejects(string json, string error) =>
        Assert.That(Check(json), Has.Some.StartsWith(error));
}
