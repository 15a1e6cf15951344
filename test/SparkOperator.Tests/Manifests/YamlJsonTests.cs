using SparkOperator.Framework.Manifests;

namespace SparkOperator.Tests.Manifests;

public class YamlJsonTests
{
    [TestCase("v: 3", """{"v":3}""")]
    [TestCase("v: -12", """{"v":-12}""")]
    [TestCase("v: 1.0", """{"v":1}""")]
    [TestCase("v: 1.5", """{"v":1.5}""")]
    [TestCase("v: \"1.0\"", """{"v":"1.0"}""")]
    [TestCase("v: '3'", """{"v":"3"}""")]
    [TestCase("v: !!str 3", """{"v":"3"}""")]
    [TestCase("v: true", """{"v":true}""")]
    [TestCase("v: yes", """{"v":true}""")]
    [TestCase("v: Off", """{"v":false}""")]
    [TestCase("v: 'no'", """{"v":"no"}""")]
    [TestCase("v: ~", """{"v":null}""")]
    [TestCase("v:", """{"v":null}""")]
    [TestCase("v: 1200m", """{"v":"1200m"}""")]
    [TestCase("v: 0x1F", """{"v":31}""")]
    [TestCase("v: [a, 1, {b: c}]", """{"v":["a",1,{"b":"c"}]}""")]
    [TestCase("v: |\n  line\n", """{"v":"line\n"}""")]
    [TestCase("a: &x {b: 1}\nc: *x", """{"a":{"b":1},"c":{"b":1}}""")]
    public void Resolves_like_kubectl(string yaml, string json) =>
        Assert.That(YamlJson.ReadDocuments(yaml).Single().ToJsonString(), Is.EqualTo(json));

    [Test]
    public void Reads_every_non_empty_document() =>
        Assert.That(YamlJson.ReadDocuments("# c\n---\na: 1\n---\n---\nb: 2\n").Select(d => d.ToJsonString()), Is.EqualTo(new List<string> { """{"a":1}""", """{"b":2}""" }));

    [TestCase("a: [1")]
    [TestCase("a: 1\na: 2")]
    public void Bad_yaml_is_a_format_error(string yaml) =>
        Assert.That(() => YamlJson.ReadDocuments(yaml), Throws.TypeOf<FormatException>());
}
