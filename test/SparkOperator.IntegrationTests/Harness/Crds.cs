using k8s;
using k8s.Models;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Installs CustomResourceDefinitions for tests.</summary>
public static class Crds
{
    /// <summary>Server-side applies the CRD and waits until it is Established.</summary>
    public static async Task ApplyAsync(IKubernetes client, V1CustomResourceDefinition crd)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(crd);
        crd.ApiVersion ??= "apiextensions.k8s.io/v1";
        crd.Kind ??= "CustomResourceDefinition";
        var patch = new V1Patch(KubernetesJson.Serialize(crd), V1Patch.PatchType.ApplyPatch);
        await client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(patch, crd.Metadata.Name, fieldManager: "integration-tests", force: true);
        await Eventually.UntilAsync(
            async () => (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name)).Status?.Conditions?
                .Any(c => c.Type == "Established" && c.Status == "True") == true,
            $"CRD {crd.Metadata.Name} to be Established");
    }

    /// <summary>
    /// A namespaced CRD for <typeparamref name="T"/> (from its <see cref="KubernetesEntityAttribute"/>)
    /// with a status subresource and schemaless spec/status, enough for framework tests.
    /// </summary>
    public static V1CustomResourceDefinition Schemaless<T>()
    {
        var meta = typeof(T).GetKubernetesTypeMetadata();
        var open = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        return new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = $"{meta.PluralName}.{meta.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = meta.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = meta.PluralName, Kind = meta.Kind, Singular = meta.Kind.ToLowerInvariant() },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = meta.ApiVersion,
                        Served = true,
                        Storage = true,
                        Subresources = new V1CustomResourceSubresources { Status = new object() },
                        Schema = new V1CustomResourceValidation
                        {
                            OpenAPIV3Schema = new V1JSONSchemaProps
                            {
                                Type = "object",
                                Properties = new Dictionary<string, V1JSONSchemaProps> { ["spec"] = open, ["status"] = open },
                            },
                        },
                    },
                ],
            },
        };
    }
}
