using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// <c>admission.k8s.io/v1</c> AdmissionReview, which KubernetesClient does not model. Only the fields
/// a validating webhook reads or writes are declared. (KubernetesClient's V1Status is not reused for
/// the denial: it serialises an extra HasObject member and KubernetesJson cannot write it.)
/// </summary>
public sealed record AdmissionReview
{
    /// <summary>The only apiVersion the webhook accepts and answers with.</summary>
    public const string ApiVersionV1 = "admission.k8s.io/v1";

    /// <summary>The kind of the review.</summary>
    public const string KindName = "AdmissionReview";

    /// <summary>Always <see cref="ApiVersionV1"/>.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; init; }

    /// <summary>Always <see cref="KindName"/>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>What the API server asks; set on the way in.</summary>
    [JsonPropertyName("request")]
    public AdmissionRequest? Request { get; init; }

    /// <summary>The webhook's answer; set on the way out.</summary>
    [JsonPropertyName("response")]
    public AdmissionResponse? Response { get; init; }
}

/// <summary>The group, version and kind (or resource) the request is about.</summary>
public sealed record GroupVersionKind
{
    /// <summary>API group, empty for core.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    /// <summary>API version.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }
}

/// <summary>The request half of an AdmissionReview.</summary>
public sealed record AdmissionRequest
{
    /// <summary>Identifies this call; echoed in the response.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    /// <summary>The kind of the object.</summary>
    [JsonPropertyName("kind")]
    public GroupVersionKind? Kind { get; init; }

    /// <summary>Name of the object (may be empty on CREATE with generateName).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Namespace of the object.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    [JsonPropertyName("operation")]
    public string? Operation { get; init; }

    /// <summary>The object as it would be stored (null on DELETE).</summary>
    [JsonPropertyName("object")]
    public JsonElement? NewObject { get; init; }

    /// <summary>The stored object (UPDATE and DELETE only).</summary>
    [JsonPropertyName("oldObject")]
    public JsonElement? OldObject { get; init; }

    /// <summary>True when the request will not be persisted.</summary>
    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; init; }
}

/// <summary>The response half of an AdmissionReview.</summary>
public sealed record AdmissionResponse
{
    /// <summary>The request's uid.</summary>
    [JsonPropertyName("uid")]
    public required string Uid { get; init; }

    /// <summary>Whether the API server may go on.</summary>
    [JsonPropertyName("allowed")]
    public required bool Allowed { get; init; }

    /// <summary>Why the request was denied (code 422, reason Invalid, one cause per error).</summary>
    [JsonPropertyName("status")]
    public AdmissionStatus? Status { get; init; }

    /// <summary>Shown by kubectl as <c>Warning: ...</c>, whether or not the request is allowed.</summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>The <c>metav1.Status</c> of a denial, as the API server relays it to the client.</summary>
public sealed record AdmissionStatus
{
    /// <summary>Always Failure for a denial.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = "Failure";

    /// <summary>HTTP code the API server answers the client with (422 for invalid objects).</summary>
    [JsonPropertyName("code")]
    public int Code { get; init; }

    /// <summary>Machine-readable reason, e.g. Invalid.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>What kubectl prints after "denied the request:".</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>The object and one cause per field error.</summary>
    [JsonPropertyName("details")]
    public AdmissionStatusDetails? Details { get; init; }
}

/// <summary>Which object a denial is about, and why, field by field.</summary>
public sealed record AdmissionStatusDetails
{
    /// <summary>The object's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The object's API group.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; init; }

    /// <summary>The object's kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>One entry per field error.</summary>
    [JsonPropertyName("causes")]
    public IReadOnlyList<AdmissionStatusCause>? Causes { get; init; }
}

/// <summary>One field error of a denial.</summary>
public sealed record AdmissionStatusCause
{
    /// <summary>Machine-readable reason, e.g. FieldValueInvalid.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>What is wrong.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>JSON path of the field, e.g. spec.volumes[1].name.</summary>
    [JsonPropertyName("field")]
    public string? Field { get; init; }
}
