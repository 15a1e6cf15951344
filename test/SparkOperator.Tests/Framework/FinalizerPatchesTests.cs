using System.Text.Json.Nodes;
using k8s.Models;
using SparkOperator.Framework.Controllers;

namespace SparkOperator.Tests.Framework;

public class FinalizerPatchesTests
{
    [Test]
    public void Adding_to_an_object_without_finalizers_tests_that_the_list_is_absent()
    {
        var patch = JsonNode.Parse(FinalizerPatches.Add(new V1ObjectMeta(), "x.dev/cleanup")!)!.AsArray();

        Assert.That(patch.ToJsonString(), Is.EqualTo(
            """[{"op":"test","path":"/metadata/finalizers","value":null},{"op":"add","path":"/metadata/finalizers","value":["x.dev/cleanup"]}]"""));
    }

    [Test]
    public void Adding_to_an_existing_list_tests_the_whole_list_then_appends()
    {
        var meta = new V1ObjectMeta { Finalizers = ["other/one"] };

        Assert.That(FinalizerPatches.Add(meta, "x.dev/cleanup"), Is.EqualTo(
            """[{"op":"test","path":"/metadata/finalizers","value":["other/one"]},{"op":"add","path":"/metadata/finalizers/-","value":"x.dev/cleanup"}]"""));
    }

    [Test]
    public void Adding_a_present_finalizer_is_no_patch()
    {
        Assert.That(FinalizerPatches.Add(new V1ObjectMeta { Finalizers = ["x.dev/cleanup"] }, "x.dev/cleanup"), Is.Null);
    }

    [Test]
    public void Removing_tests_the_entry_at_its_index_then_removes_it()
    {
        var meta = new V1ObjectMeta { Finalizers = ["other/one", "x.dev/cleanup"] };

        Assert.That(FinalizerPatches.Remove(meta, "x.dev/cleanup"), Is.EqualTo(
            """[{"op":"test","path":"/metadata/finalizers/1","value":"x.dev/cleanup"},{"op":"remove","path":"/metadata/finalizers/1"}]"""));
    }

    [Test]
    public void Removing_an_absent_finalizer_is_no_patch()
    {
        Assert.That(FinalizerPatches.Remove(new V1ObjectMeta(), "x.dev/cleanup"), Is.Null);
        Assert.That(FinalizerPatches.Remove(new V1ObjectMeta { Finalizers = ["other/one"] }, "x.dev/cleanup"), Is.Null);
    }
}
