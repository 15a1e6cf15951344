using System.Reflection;
using k8s;
using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Framework.Crds;

/// <summary>
/// Builds an apiextensions.k8s.io/v1 CustomResourceDefinition from an entity class by runtime
/// reflection: <see cref="KubernetesEntityAttribute"/> gives group, version, kind and plural; the
/// attributes in <c>SparkOperator.Framework.Entities</c> give descriptions, validations, short
/// names, scope and printer columns.
/// </summary>
/// <remarks>
/// The schema is structural (no <c>$ref</c>, a type at every level) and carries only non-default
/// fields, so a CRD applied from it shows no drift. The CRD has one version, served and stored;
/// a <c>status</c> subresource when the entity has a <c>Status</c> property; and <c>spec</c> is
/// required at the root when the spec type has required properties (absent, it would escape them).
/// </remarks>
public static class CrdGenerator
{
    /// <summary>Builds the CRD of <typeparamref name="TEntity"/>.</summary>
    /// <param name="documentation">Descriptions for model types that carry no
    /// <see cref="DescriptionAttribute"/> (see <see cref="ModelDocumentation"/>), or null.</param>
    /// <param name="documentationDepth">How deep into nested documented model types descriptions go
    /// (1: the fields of a model type the entity uses directly). Keeps the CRD small enough for a
    /// client-side <c>kubectl apply</c>, whose last-applied annotation is limited to 256 KiB.</param>
    public static V1CustomResourceDefinition Generate<TEntity>(ModelDocumentation? documentation = null, int documentationDepth = int.MaxValue)
        where TEntity : IKubernetesObject =>
        Generate(typeof(TEntity), documentation, documentationDepth);

    /// <summary>Builds the CRD of <paramref name="entityType"/>.</summary>
    /// <param name="entityType">A class with <see cref="KubernetesEntityAttribute"/>.</param>
    /// <param name="documentation">Descriptions for model types without <see cref="DescriptionAttribute"/>, or null.</param>
    /// <param name="documentationDepth">How deep into nested documented model types descriptions go.</param>
    /// <exception cref="ArgumentException">The type has no <see cref="KubernetesEntityAttribute"/>.</exception>
    public static V1CustomResourceDefinition Generate(Type entityType, ModelDocumentation? documentation = null, int documentationDepth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var entity = entityType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{entityType.Name} has no [KubernetesEntity].", nameof(entityType));
        var plural = Plural(entity);
        var schema = RootSchema(entityType, new SchemaGenerator(documentation, documentationDepth));
        var hasStatus = schema.Properties?.ContainsKey("status") == true;

        return new V1CustomResourceDefinition
        {
            ApiVersion = $"{V1CustomResourceDefinition.KubeGroup}/{V1CustomResourceDefinition.KubeApiVersion}",
            Kind = V1CustomResourceDefinition.KubeKind,
            Metadata = new V1ObjectMeta { Name = $"{plural}.{entity.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = entity.Kind,
                    ListKind = entity.Kind + "List",
                    Plural = plural,
                    Singular = entity.Kind.ToLowerInvariant(),
                    ShortNames = entityType.GetCustomAttribute<ShortNamesAttribute>() is { Names.Count: > 0 } shortNames
                        ? [.. shortNames.Names]
                        : null,
                },
                Scope = entityType.GetCustomAttribute<ClusterScopedAttribute>() is null ? "Namespaced" : "Cluster",
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = entity.ApiVersion,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = schema },
                        Subresources = hasStatus
                            ? new V1CustomResourceSubresources { Status = new Dictionary<string, object>() }
                            : null,
                        AdditionalPrinterColumns = PrinterColumns(entityType),
                    },
                ],
            },
        };
    }

    /// <summary>The plural name: <see cref="KubernetesEntityAttribute.PluralName"/>, else the lower-case kind plus "s".</summary>
    public static string Plural(KubernetesEntityAttribute entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return string.IsNullOrEmpty(entity.PluralName) ? entity.Kind.ToLowerInvariant() + "s" : entity.PluralName;
    }

    private static V1JSONSchemaProps RootSchema(Type entityType, SchemaGenerator generator)
    {
        var schema = generator.ForType(entityType);
        var properties = schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>();
        if (properties.TryGetValue("apiVersion", out var apiVersion))
        {
            apiVersion.Description ??= "The versioned schema of this representation of an object. Servers convert recognized schemas to the latest internal value and may reject unrecognized values.";
        }

        if (properties.TryGetValue("kind", out var kind))
        {
            kind.Description ??= "The REST resource this object represents. Servers infer it from the endpoint the client submits requests to. In CamelCase.";
        }

        if (properties.ContainsKey("metadata"))
        {
            // The API server validates root metadata itself and refuses any schema for it beyond the type.
            properties["metadata"] = new V1JSONSchemaProps { Type = "object" };
        }

        if (properties.TryGetValue("spec", out var spec) && spec.Required is { Count: > 0 })
        {
            schema.Required = [.. schema.Required ?? [], "spec"];
        }

        return schema;
    }

    private static List<V1CustomResourceColumnDefinition>? PrinterColumns(Type entityType)
    {
        var columns = entityType.GetCustomAttributes<PrinterColumnAttribute>()
            .Select(c => new V1CustomResourceColumnDefinition
            {
                Name = c.Name,
                Type = c.Type,
                JsonPath = c.JsonPath,
                Description = c.Description,
                Priority = c.Priority == 0 ? null : c.Priority,
            })
            .ToList();
        return columns.Count > 0 ? columns : null;
    }
}
