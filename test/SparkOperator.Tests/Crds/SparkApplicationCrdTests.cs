using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using SparkOperator.Cli;
using SparkOperator.Entities;
using SparkOperator.Framework.Crds;
using SparkOperator.Manifests;

namespace SparkOperator.Tests.Crds;

public class SparkApplicationCrdTests
{
    private static readonly V1CustomResourceDefinition Crd =
        InstallManifests.Crd(GenerateCommand.Documentation());

    private static readonly string[] NonStructural = ["$ref", "nullable", "allOf", "oneOf"];

    private static V1JSONSchemaProps Root => Crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;

    private static V1JSONSchemaProps At(string path)
    {
        var schema = Root;
        foreach (var part in path.Split('.'))
        {
            schema = part == "[]" ? (V1JSONSchemaProps)schema.Items : schema.Properties[part];
        }

        return schema;
    }

    [Test]
    public void Names_scope_and_version()
    {
        Assert.That(Crd.Metadata.Name, Is.EqualTo("sparkapplications.sparkoperator.dev"));
        Assert.That(Crd.Spec.Group, Is.EqualTo("sparkoperator.dev"));
        Assert.That(Crd.Spec.Names.Kind, Is.EqualTo("SparkApplication"));
        Assert.That(Crd.Spec.Names.ListKind, Is.EqualTo("SparkApplicationList"));
        Assert.That(Crd.Spec.Names.Singular, Is.EqualTo("sparkapplication"));
        Assert.That(Crd.Spec.Names.ShortNames, Is.EqualTo(new List<string> { "sparkapp", "sparkapps" }));
        Assert.That(Crd.Spec.Scope, Is.EqualTo("Namespaced"));
        var version = Crd.Spec.Versions.Single();
        Assert.That((version.Name, version.Served, version.Storage), Is.EqualTo(("v1alpha1", true, true)));
        Assert.That(version.Subresources?.Status, Is.Not.Null);
        Assert.That(version.AdditionalPrinterColumns.Select(c => c.Name), Is.EqualTo(new List<string> { "Phase", "Driver", "Attempts", "Age" }));
    }

    [TestCase("spec.driver.memory")]
    [TestCase("spec.executor.instances")]
    [TestCase("spec.sparkConf")]
    [TestCase("spec.volumes")]
    [TestCase("spec.mainApplicationFile")]
    [TestCase("status.phase")]
    // Kubernetes' own descriptions, one level into the Kubernetes types.
    [TestCase("spec.driver.volumeMounts.[].mountPath")]
    [TestCase("spec.env.[].valueFrom")]
    [TestCase("spec.volumes.[].persistentVolumeClaim")]
    public void Fields_have_descriptions(string path) =>
        Assert.That(At(path).Description, Is.Not.Null.And.Not.Empty);

    [Test]
    public void Kubernetes_descriptions_stop_after_one_level()
    {
        Assert.That(At("spec.volumes.[].nfs.server").Description, Is.Null);
        Assert.That(At("spec.volumes.[].nfs").Description, Is.Not.Null);
    }

    [Test]
    public void Seed_example_fields_have_the_right_types()
    {
        Assert.That(At("spec.mode").EnumProperty, Is.EqualTo(new List<object> { "cluster", "client" }));
        Assert.That(At("spec.driver.coreLimit").XKubernetesIntOrString, Is.True);
        Assert.That(At("spec.executor.instances").Type, Is.EqualTo("integer"));
        Assert.That(At("spec.executor.instances").Minimum, Is.EqualTo(0));
        Assert.That(At("spec.driver.memory").Pattern, Is.Not.Null);
        Assert.That(((V1JSONSchemaProps)At("spec.sparkConf").AdditionalProperties).Type, Is.EqualTo("string"));
    }

    [Test]
    public void Root_metadata_is_only_typed_as_the_api_server_demands() =>
        Assert.That(KubernetesJson.Serialize(At("metadata")), Is.EqualTo("""{"type":"object"}"""));

    [Test]
    public void Spec_and_its_required_fields_are_required()
    {
        Assert.That(Root.Required, Is.EqualTo(new List<string> { "spec" }));
        Assert.That(At("spec").Required, Is.EquivalentTo(new List<string> { "mainApplicationFile", "sparkImage" }));
    }

    [Test]
    public void Conditions_are_a_list_map_keyed_by_type()
    {
        var conditions = At("status.conditions");
        Assert.That(conditions.XKubernetesListType, Is.EqualTo("map"));
        Assert.That(conditions.XKubernetesListMapKeys, Is.EqualTo(new List<string> { "type" }));
        Assert.That(((V1JSONSchemaProps)conditions.Items).Required, Does.Contain("type"));
    }

    [Test]
    public void Schema_is_structural()
    {
        // Every level has a type, unless it is int-or-string or preserves unknown fields; no $ref, no nullable.
        var problems = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            if (node is not JsonObject schema)
            {
                return;
            }

            if (schema["type"] is null && schema["x-kubernetes-int-or-string"] is null && schema["x-kubernetes-preserve-unknown-fields"] is null)
            {
                problems.Add($"{path}: no type");
            }

            foreach (var key in NonStructural.Where(schema.ContainsKey))
            {
                problems.Add($"{path}: {key}");
            }

            foreach (var (name, child) in schema["properties"]?.AsObject() ?? [])
            {
                Walk(child, $"{path}.{name}");
            }

            Walk(schema["items"], path + "[]");
            Walk(schema["additionalProperties"], path + "{}");
        }

        Walk(JsonNode.Parse(KubernetesJson.Serialize(Root)), "");
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Crd_fits_a_client_side_apply()
    {
        // kubectl apply stores the whole object in an annotation; annotations are limited to 256 KiB in total.
        var yaml = KubernetesYaml.Serialize(Crd);
        var json = KubernetesJson.Serialize(Crd);
        TestContext.Out.WriteLine($"CRD size: {yaml.Length} bytes YAML, {json.Length} bytes JSON");
        Assert.That(yaml.Length, Is.LessThan(200 * 1024));
        Assert.That(json.Length, Is.LessThan(128 * 1024));
    }
}
