using System.Text.Json.Nodes;
using SparkOperator.Framework.Patching;

namespace SparkOperator.Tests.Framework;

/// <summary>The framework's strategic merge with the pod merge keys, case by case as kubectl patch --type strategic merges.</summary>
public class StrategicMergeTests
{
    private static string Merge(string original, string patch) =>
        StrategicMerge.Apply(JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(patch)!.AsObject(), PodMergeKeys.Pod).ToJsonString();

    [Test]
    public void Maps_merge_field_by_field_and_scalars_are_replaced() =>
        Assert.That(
            Merge("""{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"restartPolicy":"Never","dnsPolicy":"ClusterFirst"}}""", """{"metadata":{"labels":{"b":"3","c":"4"}},"spec":{"dnsPolicy":"None"}}"""),
            Is.EqualTo("""{"metadata":{"labels":{"a":"1","b":"3","c":"4"}},"spec":{"restartPolicy":"Never","dnsPolicy":"None"}}"""));

    [Test]
    public void A_container_of_a_known_name_is_merged_in_place_and_a_new_one_appended() =>
        Assert.That(
            Merge("""{"spec":{"containers":[{"name":"spark","image":"a"},{"name":"other","image":"b"}]}}""", """{"spec":{"containers":[{"name":"side","image":"c"},{"name":"spark","workingDir":"/w"}]}}"""),
            Is.EqualTo("""{"spec":{"containers":[{"name":"spark","image":"a","workingDir":"/w"},{"name":"other","image":"b"},{"name":"side","image":"c"}]}}"""));

    [Test]
    public void Env_merges_by_name_inside_the_container_it_belongs_to() =>
        Assert.That(
            Merge("""{"spec":{"containers":[{"name":"spark","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}""", """{"spec":{"containers":[{"name":"spark","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}"""),
            Is.EqualTo("""{"spec":{"containers":[{"name":"spark","env":[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}"""));

    [Test]
    public void Init_container_lists_merge_by_name_with_their_own_env_ports_and_mounts() =>
        Assert.That(
            Merge(
                """{"spec":{"initContainers":[{"name":"i","ports":[{"containerPort":80,"name":"a"}],"volumeMounts":[{"name":"v","mountPath":"/a"}]}]}}""",
                """{"spec":{"initContainers":[{"name":"i","ports":[{"containerPort":80,"name":"b"},{"containerPort":81}],"volumeMounts":[{"name":"w","mountPath":"/a","readOnly":true},{"name":"x","mountPath":"/b"}]}]}}"""),
            Is.EqualTo("""{"spec":{"initContainers":[{"name":"i","ports":[{"containerPort":80,"name":"b"},{"containerPort":81}],"volumeMounts":[{"name":"w","mountPath":"/a","readOnly":true},{"name":"x","mountPath":"/b"}]}]}}"""));

    [Test]
    public void A_patched_volume_keeps_only_the_source_the_patch_gives() =>
        Assert.That(
            Merge("""{"spec":{"volumes":[{"name":"v","emptyDir":{}},{"name":"w","secret":{"secretName":"s"}}]}}""", """{"spec":{"volumes":[{"name":"v","configMap":{"name":"c"}},{"name":"w","secret":{"defaultMode":256}}]}}"""),
            Is.EqualTo("""{"spec":{"volumes":[{"name":"v","configMap":{"name":"c"}},{"name":"w","secret":{"secretName":"s","defaultMode":256}}]}}"""));

    [Test]
    public void Pull_secrets_host_aliases_and_spread_constraints_merge_by_their_keys() =>
        Assert.That(
            Merge(
                """{"spec":{"imagePullSecrets":[{"name":"a"}],"hostAliases":[{"ip":"10.0.0.1","hostnames":["x"]}],"topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":1}]}}""",
                """{"spec":{"imagePullSecrets":[{"name":"b"}],"hostAliases":[{"ip":"10.0.0.1","hostnames":["y"]},{"ip":"10.0.0.2","hostnames":["z"]}],"topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":2},{"topologyKey":"host","maxSkew":1}]}}"""),
            Is.EqualTo("""{"spec":{"imagePullSecrets":[{"name":"a"},{"name":"b"}],"hostAliases":[{"ip":"10.0.0.1","hostnames":["y"]},{"ip":"10.0.0.2","hostnames":["z"]}],"topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":2},{"topologyKey":"host","maxSkew":1}]}}"""));

    [Test]
    public void Lists_without_a_merge_key_are_replaced_whole() =>
        Assert.That(
            Merge(
                """{"spec":{"tolerations":[{"key":"a"}],"containers":[{"name":"c","args":["1","2"],"envFrom":[{"secretRef":{"name":"s"}}],"securityContext":{"capabilities":{"drop":["ALL"]}}}]}}""",
                """{"spec":{"tolerations":[{"key":"b"}],"containers":[{"name":"c","args":["3"],"envFrom":[],"securityContext":{"capabilities":{"drop":["NET_RAW"]}}}]}}"""),
            Is.EqualTo("""{"spec":{"tolerations":[{"key":"b"}],"containers":[{"name":"c","args":["3"],"envFrom":[],"securityContext":{"capabilities":{"drop":["NET_RAW"]}}}]}}"""));

    [Test]
    public void A_merge_key_is_only_known_at_its_path() =>
        Assert.That(
            Merge("""{"spec":{"affinity":{"containers":[{"name":"a","x":1}]}}}""", """{"spec":{"affinity":{"containers":[{"name":"a","y":2}]}}}"""),
            Is.EqualTo("""{"spec":{"affinity":{"containers":[{"name":"a","y":2}]}}}"""));

    [Test]
    public void A_null_removes_the_field_and_an_empty_patch_changes_nothing()
    {
        Assert.That(Merge("""{"spec":{"a":1,"b":{"c":2}}}""", """{"spec":{"b":null}}"""), Is.EqualTo("""{"spec":{"a":1}}"""));
        Assert.That(Merge("""{"spec":{"a":1}}""", "{}"), Is.EqualTo("""{"spec":{"a":1}}"""));
    }

    [Test]
    public void New_objects_and_items_lose_their_nulls() =>
        Assert.That(
            Merge("{}", """{"spec":{"dnsConfig":{"nameservers":["1.1.1.1"],"searches":null},"containers":[{"name":"c","image":null}]}}"""),
            Is.EqualTo("""{"spec":{"dnsConfig":{"nameservers":["1.1.1.1"]},"containers":[{"name":"c"}]}}"""));

    [Test]
    public void A_list_merges_into_a_missing_list() =>
        Assert.That(Merge("""{"spec":{}}""", """{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}"""), Is.EqualTo("""{"spec":{"volumes":[{"name":"v","emptyDir":{}}]}}"""));

    [Test]
    public void Inputs_are_left_unchanged()
    {
        var original = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"}]}]}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"2"}]},{"name":"b"}]}}""")!.AsObject();
        var (before, patchBefore) = (original.ToJsonString(), patch.ToJsonString());
        var merged = StrategicMerge.Apply(original, patch, PodMergeKeys.Pod);
        merged["spec"]!["containers"]![0]!["name"] = "changed";
        Assert.That((original.ToJsonString(), patch.ToJsonString()), Is.EqualTo((before, patchBefore)));
    }

    [Test]
    public void Directives_and_items_without_their_key_are_refused_with_the_path()
    {
        Assert.That(() => Merge("""{"spec":{}}""", """{"spec":{"$patch":"replace"}}"""), Throws.TypeOf<StrategicMergeException>().With.Property(nameof(StrategicMergeException.Path)).EqualTo("spec.$patch"));
        Assert.That(() => Merge("""{"spec":{}}""", """{"spec":{"containers":[{"image":"x"}]}}"""), Throws.TypeOf<StrategicMergeException>().With.Message.Contains("spec.containers[0]").And.Message.Contains("'name'"));
        Assert.That(() => Merge("""{"spec":{}}""", """{"spec":{"containers":["x"]}}"""), Throws.InstanceOf<ArgumentException>());
        Assert.That(
            () => Merge("""{"spec":{"containers":[{"name":"b"}]}}""", """{"spec":{"containers":[{"name":"a"},{"name":"b","env":[{"value":"x"}]}]}}"""),
            Throws.TypeOf<StrategicMergeException>().With.Property(nameof(StrategicMergeException.Path)).EqualTo("spec.containers[1].env[0]"));
    }

    [Test]
    public void The_pod_schema_knows_the_pod_merge_keys()
    {
        var schema = PodMergeKeys.Pod;
        Assert.Multiple(() =>
        {
            Assert.That(schema.KeyOf("spec.containers"), Is.EqualTo("name"));
            Assert.That(schema.KeyOf("spec.initContainers[].volumeMounts"), Is.EqualTo("mountPath"));
            Assert.That(schema.KeyOf("spec.containers[].ports"), Is.EqualTo("containerPort"));
            Assert.That(schema.KeyOf("spec.ephemeralContainers[].env"), Is.EqualTo("name"));
            Assert.That(schema.KeyOf("spec.tolerations"), Is.Null);
            Assert.That(schema.KeyOf("spec.containers[].envFrom"), Is.Null);
            Assert.That(schema.RetainsKeys("spec.volumes"), Is.True);
            Assert.That(schema.RetainsKeys("spec.containers"), Is.False);
        });
    }
}
