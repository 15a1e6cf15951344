using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Crds;
using SparkOperator.Framework.Entities;
using Description = SparkOperator.Framework.Entities.DescriptionAttribute;
using Range = SparkOperator.Framework.Entities.RangeAttribute;

namespace SparkOperator.Tests.Crds;

public class SchemaGeneratorTests
{
    private enum Color
    {
        [JsonStringEnumMemberName("red")]
        Red,
        Green,
    }

    [Description("A node of a tree.")]
    private sealed class Node
    {
        public string? Name { get; set; }

        public IList<Node>? Children { get; set; }

        public Node? Parent { get; set; }
    }

    [Description("The type's text.")]
    private sealed class Described
    {
        public int Value { get; set; }
    }

    private sealed class Sample
    {
        public string? Text { get; set; }
        public int Int { get; set; }
        public long? NullableLong { get; set; }
        public double Double { get; set; }
        public bool Flag { get; set; }
        public DateTime When { get; set; }
        public DateTimeOffset? WhenOffset { get; set; }
        public byte[]? Bytes { get; set; }
        public IntOrString? Port { get; set; }
        public ResourceQuantity? Quantity { get; set; }
        public Color? Color { get; set; }
        public IDictionary<string, string>? Labels { get; set; }
        public Dictionary<string, ResourceQuantity>? Limits { get; set; }
        public IList<string>? Names { get; set; }
        public int[]? Numbers { get; set; }
        public IReadOnlyList<IList<int>>? Matrix { get; set; }
        public V1ObjectMeta? Meta { get; set; }
        public object? Anything { get; set; }
        public JsonElement Element { get; set; }
        public V1Pod? Pod { get; set; }
        public Node? Tree { get; set; }

        [JsonPropertyName("renamed_field")]
        public string? Renamed { get; set; }

        [JsonIgnore]
        public string? Ignored { get; set; }

        [SchemaIgnore]
        public string? AlsoIgnored { get; set; }

        [Required]
        [Pattern("^[a-z]+$")]
        [Length(1, 63)]
        public string Id { get; set; } = "";

        [Range(minimum: 1, maximum: 10)]
        public int? Bounded { get; set; }

        [Items(minItems: 1)]
        public IList<string>? AtLeastOne { get; set; }

        public Described? TypeDescribed { get; set; }

        [Description("The property's text.")]
        public Described? PropertyDescribed { get; set; }

        [ListMap("type")]
        public IList<V1Condition>? Conditions { get; set; }

        [ListSet]
        public IList<string>? Tags { get; set; }

        [PreserveUnknownFields]
        public Described? Open { get; set; }
    }

    private static readonly V1JSONSchemaProps Schema = new SchemaGenerator().ForType(typeof(Sample));

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(string property) =>
        System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(Schema.Properties[property]))!.ToJsonString(Readable);

    [TestCase("text", """{"type":"string"}""")]
    [TestCase("int", """{"format":"int32","type":"integer"}""")]
    [TestCase("nullableLong", """{"format":"int64","type":"integer"}""")]
    [TestCase("double", """{"format":"double","type":"number"}""")]
    [TestCase("flag", """{"type":"boolean"}""")]
    [TestCase("when", """{"format":"date-time","type":"string"}""")]
    [TestCase("whenOffset", """{"format":"date-time","type":"string"}""")]
    [TestCase("bytes", """{"format":"byte","type":"string"}""")]
    [TestCase("port", """{"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true}""")]
    [TestCase("quantity", """{"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true}""")]
    [TestCase("color", """{"enum":["red","Green"],"type":"string"}""")]
    [TestCase("labels", """{"additionalProperties":{"type":"string"},"type":"object"}""")]
    [TestCase("limits", """{"additionalProperties":{"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true},"type":"object"}""")]
    [TestCase("names", """{"items":{"type":"string"},"type":"array"}""")]
    [TestCase("numbers", """{"items":{"format":"int32","type":"integer"},"type":"array"}""")]
    [TestCase("matrix", """{"items":{"items":{"format":"int32","type":"integer"},"type":"array"},"type":"array"}""")]
    [TestCase("meta", """{"type":"object","x-kubernetes-preserve-unknown-fields":true}""")]
    [TestCase("anything", """{"x-kubernetes-preserve-unknown-fields":true}""")]
    [TestCase("element", """{"x-kubernetes-preserve-unknown-fields":true}""")]
    [TestCase("pod", """{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}""")]
    [TestCase("renamed_field", """{"type":"string"}""")]
    [TestCase("id", """{"maxLength":63,"minLength":1,"pattern":"^[a-z]+$","type":"string"}""")]
    [TestCase("bounded", """{"format":"int32","maximum":10,"minimum":1,"type":"integer"}""")]
    [TestCase("atLeastOne", """{"items":{"type":"string"},"minItems":1,"type":"array"}""")]
    [TestCase("tags", """{"items":{"type":"string"},"type":"array","x-kubernetes-list-type":"set"}""")]
    [TestCase("typeDescribed", """{"description":"The type's text.","properties":{"value":{"format":"int32","type":"integer"}},"type":"object"}""")]
    [TestCase("propertyDescribed", """{"description":"The property's text.","properties":{"value":{"format":"int32","type":"integer"}},"type":"object"}""")]
    [TestCase("open", """{"description":"The type's text.","properties":{"value":{"format":"int32","type":"integer"}},"type":"object","x-kubernetes-preserve-unknown-fields":true}""")]
    public void Maps_property(string property, string expected) =>
        Assert.That(Json(property), Is.EqualTo(expected));

    [Test]
    public void Names_come_from_JsonPropertyName_else_camel_case_and_ignored_properties_are_left_out()
    {
        Assert.That(Schema.Properties.Keys, Does.Contain("renamed_field").And.Contain("nullableLong"));
        Assert.That(Schema.Properties.Keys, Does.Not.Contain("ignored").And.Not.Contain("alsoIgnored").And.Not.Contain("renamed"));
        Assert.That(Schema.Properties.Keys, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void Required_properties_are_listed() =>
        Assert.That(Schema.Required, Is.EqualTo(new List<string> { "id" }));

    [Test]
    public void No_schema_says_nullable_false_or_uses_refs() =>
        Assert.That(KubernetesJson.Serialize(Schema), Does.Not.Contain("\"nullable\"").And.Not.Contain("$ref"));

    [Test]
    public void A_list_map_is_keyed_and_its_keys_are_required_in_the_items()
    {
        var conditions = Schema.Properties["conditions"];
        Assert.That(conditions.XKubernetesListType, Is.EqualTo("map"));
        Assert.That(conditions.XKubernetesListMapKeys, Is.EqualTo(new List<string> { "type" }));
        var item = (V1JSONSchemaProps)conditions.Items;
        Assert.That(item.Required, Is.EqualTo(new List<string> { "type" }));
        Assert.That(item.Properties["lastTransitionTime"].Format, Is.EqualTo("date-time"));
    }

    [Test]
    public void A_recursive_type_stops_at_the_cycle_with_preserved_fields()
    {
        var tree = Schema.Properties["tree"];
        Assert.That(tree.Description, Is.EqualTo("A node of a tree."));
        var parent = tree.Properties["parent"];
        Assert.That(parent.Type, Is.EqualTo("object"));
        Assert.That(parent.XKubernetesPreserveUnknownFields, Is.True);
        Assert.That(parent.Properties, Is.Null);
        var child = (V1JSONSchemaProps)tree.Properties["children"].Items;
        Assert.That(child.XKubernetesPreserveUnknownFields, Is.True);
        Assert.That(child.Properties, Is.Null);
    }

    [Test]
    public void A_list_map_on_scalars_is_refused()
    {
        Assert.That(
            () => new SchemaGenerator().ForType(typeof(BadListMap)),
            Throws.InvalidOperationException.With.Message.Contains("Keys"));
    }

    private sealed class BadListMap
    {
        [ListMap("name")]
        public IList<string>? Keys { get; set; }
    }
}
