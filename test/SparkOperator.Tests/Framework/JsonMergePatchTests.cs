using System.Text.Json.Nodes;
using SparkOperator.Framework.Client;

namespace SparkOperator.Tests.Framework;

public class JsonMergePatchTests
{
    private static string Patch(string from, string to) =>
        JsonMergePatch.Create(JsonNode.Parse(from), JsonNode.Parse(to))?.ToJsonString() ?? "null";

    [Test]
    public void Equal_documents_give_an_empty_patch() =>
        Assert.That(Patch("""{"a":1,"b":{"c":[1,2]}}""", """{"b":{"c":[1,2]},"a":1}"""), Is.EqualTo("{}"));

    [Test]
    public void A_removed_member_becomes_null() =>
        Assert.That(Patch("""{"a":1,"b":2}""", """{"a":1}"""), Is.EqualTo("""{"b":null}"""));

    [Test]
    public void A_member_set_to_null_is_removed_once() =>
        Assert.That(Patch("""{"a":1,"b":null}""", """{"a":1}"""), Is.EqualTo("{}"));

    [Test]
    public void Added_and_changed_members_are_sent() =>
        Assert.That(Patch("""{"a":1}""", """{"a":2,"b":"x"}"""), Is.EqualTo("""{"a":2,"b":"x"}"""));

    [Test]
    public void Nested_objects_are_diffed_member_by_member() =>
        Assert.That(Patch("""{"o":{"x":1,"y":2,"z":3}}""", """{"o":{"x":1,"y":5}}"""), Is.EqualTo("""{"o":{"z":null,"y":5}}"""));

    [Test]
    public void Arrays_are_replaced_whole() =>
        Assert.That(Patch("""{"l":[{"t":"A","s":"True"},{"t":"B"}]}""", """{"l":[{"t":"A","s":"False"},{"t":"B"}]}"""), Is.EqualTo("""{"l":[{"t":"A","s":"False"},{"t":"B"}]}"""));

    [Test]
    public void An_object_replacing_a_scalar_is_sent_whole() =>
        Assert.That(Patch("""{"o":"text"}""", """{"o":{"x":1}}"""), Is.EqualTo("""{"o":{"x":1}}"""));

    [Test]
    public void From_nothing_the_patch_is_the_whole_document() =>
        Assert.That(JsonMergePatch.Create(null, JsonNode.Parse("""{"a":{"b":1}}"""))!.ToJsonString(), Is.EqualTo("""{"a":{"b":1}}"""));

    [Test]
    public void Applying_the_patch_gives_the_target()
    {
        var from = JsonNode.Parse("""{"phase":"Submitted","attempt":1,"driver":{"pod":"a","ip":"1"},"conditions":[{"type":"Submitted"}],"message":"m"}""")!;
        var to = JsonNode.Parse("""{"phase":"Running","attempt":1,"driver":{"pod":"a"},"conditions":[{"type":"Submitted"},{"type":"Running"}],"id":"spark-1"}""")!;
        var patched = Apply(from.DeepClone(), JsonMergePatch.Create(from, to));
        Assert.That(JsonNode.DeepEquals(patched, to), Is.True, patched?.ToJsonString());
    }

    // RFC 7386's MergePatch, as the API server applies it.
    private static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in p.ToList())
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var current = result[name];
                result.Remove(name);
                result[name] = Apply(current?.DeepClone(), value);
            }
        }

        return result;
    }
}
