using System.Text.Json;
using System.Text.Unicode;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// Turns a request body into a checked <see cref="AdmissionRequest"/>, or a reason why it is not a
/// usable AdmissionReview (answered with HTTP 400). Pure: no I/O.
/// </summary>
internal static class AdmissionReviewReader
{
    private static readonly JsonSerializerOptions ReviewOptions = new() { MaxDepth = EntityJson.MaxDepth };

    /// <summary>A parsed request with its operation.</summary>
    internal sealed record Parsed(AdmissionRequest Request, string Uid, AdmissionOperation Operation);

    public static Parsed Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new MalformedReviewException("the request body is empty");
        }

        if (!Utf8.IsValid(body))
        {
            throw new MalformedReviewException("the request body is not valid UTF-8");
        }

        AdmissionReview? review;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = EntityJson.MaxDepth });
            review = JsonSerializer.Deserialize<AdmissionReview>(ref reader, ReviewOptions);
        }
        catch (JsonException e)
        {
            // The message names the position and, for nesting, the depth limit.
            throw new MalformedReviewException($"the request body is not a JSON AdmissionReview: {e.Message}");
        }

        if (review is null)
        {
            throw new MalformedReviewException("the request body is null, not an AdmissionReview");
        }

        if (review.Kind != AdmissionReview.KindName || review.ApiVersion != AdmissionReview.ApiVersionV1)
        {
            throw new MalformedReviewException(
                $"expected kind {AdmissionReview.KindName} of apiVersion {AdmissionReview.ApiVersionV1}, got kind '{Truncate(review.Kind)}' of apiVersion '{Truncate(review.ApiVersion)}'");
        }

        var request = review.Request ?? throw new MalformedReviewException("the AdmissionReview has no request");
        if (string.IsNullOrEmpty(request.Uid))
        {
            throw new MalformedReviewException("the AdmissionReview request has no uid");
        }

        var operation = request.Operation switch
        {
            "CREATE" => AdmissionOperation.Create,
            "UPDATE" => AdmissionOperation.Update,
            "DELETE" => AdmissionOperation.Delete,
            "CONNECT" => AdmissionOperation.Connect,
            _ => throw new MalformedReviewException($"unknown operation '{Truncate(request.Operation)}'"),
        };

        if (operation is AdmissionOperation.Create or AdmissionOperation.Update && !IsPresent(request.NewObject))
        {
            throw new MalformedReviewException($"a {request.Operation} request must carry the object");
        }

        if (operation == AdmissionOperation.Update && !IsPresent(request.OldObject))
        {
            throw new MalformedReviewException("an UPDATE request must carry the old object");
        }

        return new Parsed(request, request.Uid, operation);
    }

    private static bool IsPresent(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "...";
}

/// <summary>The body is not a usable AdmissionReview; the message says why.</summary>
internal sealed class MalformedReviewException(string message) : Exception(message);
