using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace SparkOperator.Framework.Entities;

/// <summary>
/// Base of a custom resource with a spec and a status. Subclasses carry
/// <see cref="KubernetesEntityAttribute"/>; <c>apiVersion</c> and <c>kind</c> are filled from it on
/// construction, so a new entity serialises as a valid object.
/// </summary>
/// <typeparam name="TSpec">What the user asks for.</typeparam>
/// <typeparam name="TStatus">What the operator observed; written only through the status subresource.</typeparam>
public abstract class CustomKubernetesEntity<TSpec, TStatus> : IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus>
    where TSpec : new()
    where TStatus : new()
{
    /// <summary>Fills <c>apiVersion</c> and <c>kind</c> from the subclass's <see cref="KubernetesEntityAttribute"/>.</summary>
    protected CustomKubernetesEntity()
    {
        var meta = GetType().GetKubernetesTypeMetadata();
        ApiVersion = string.IsNullOrEmpty(meta.Group) ? meta.ApiVersion : $"{meta.Group}/{meta.ApiVersion}";
        Kind = meta.Kind;
    }

    /// <inheritdoc />
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; }

    /// <inheritdoc />
    [JsonPropertyName("kind")]
    public string Kind { get; set; }

    /// <inheritdoc />
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <inheritdoc />
    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();

    /// <inheritdoc />
    [JsonPropertyName("status")]
    public TStatus Status { get; set; } = new();
}
