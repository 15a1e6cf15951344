using SparkOperator.Framework.Telemetry;
using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SparkOperator.Framework.Webhooks;

/// <summary>Maps validating admission webhooks onto ASP.NET Core endpoints.</summary>
public static class ValidatingWebhookEndpoint
{
    /// <summary>
    /// Largest request body read: the API server's own request limit (3 MiB). A larger body is
    /// answered with 400 before it is parsed.
    /// </summary>
    public const int MaxRequestBodyBytes = 3 * 1024 * 1024;

    /// <summary>Registers what the webhook endpoints need (metrics), with the default <see cref="AdmissionWebhookOptions"/>.</summary>
    public static IServiceCollection AddAdmissionWebhooks(this IServiceCollection services) => services.AddAdmissionWebhooks(new AdmissionWebhookOptions());

    /// <summary>Registers what the webhook endpoints need (metrics) and how they bound their work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The review budget is not positive.</exception>
    public static IServiceCollection AddAdmissionWebhooks(this IServiceCollection services, AdmissionWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ReviewBudget, TimeSpan.Zero);
        services.AddFrameworkMetrics();
        services.AddSingleton<AdmissionMetrics>();
        services.AddSingleton(options);
        return services;
    }

    /// <summary>
    /// Answers AdmissionReviews (admission.k8s.io/v1) POSTed to <paramref name="path"/> over HTTPS
    /// with the <see cref="IAdmissionValidator{TEntity}"/> from the container. A usable review gets
    /// 200 with allowed or a denial (status 422, reason Invalid, one cause per field error); a body
    /// that is not one (not JSON, not UTF-8, too large or deep, wrong kind, no request/uid/object)
    /// gets 400 with the reason as text. Plain-HTTP requests get 404: reviews carry whole objects.
    /// A review that outlasts <see cref="AdmissionWebhookOptions.ReviewBudget"/>, or whose object
    /// takes a pattern longer than <see cref="LinearRegex.MatchTimeout"/>, is denied the same way
    /// (200, 422) with a message saying so and logged as a warning: never a 5xx, which the API server
    /// would turn into a failed write under failurePolicy Fail.
    /// </summary>
    public static IEndpointConventionBuilder MapValidatingWebhook<TEntity>(this IEndpointRouteBuilder endpoints, string path)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var builder = endpoints.MapPost(path, (HttpContext context) => HandleAsync<TEntity>(context, path));
        builder.WithMetadata(new BodySizeLimit());
        return builder;
    }

    private static async Task HandleAsync<TEntity>(HttpContext context, string path)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        if (!context.Request.IsHttps)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var services = context.RequestServices;
        var metrics = services.GetRequiredService<AdmissionMetrics>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ValidatingWebhookEndpoint).FullName!);
        var started = Stopwatch.GetTimestamp();
        AdmissionOutcome outcome;
        try
        {
            var body = await ReadBodyAsync(context, context.RequestAborted);
            var parsed = AdmissionReviewReader.Read(body.Span);
            var budget = (services.GetService<AdmissionWebhookOptions>() ?? new AdmissionWebhookOptions()).ReviewBudget;

            // The budget starts once the body is in: reading it is bounded by Kestrel's data-rate
            // limits, and without the body there is no uid to answer a denial with.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            deadline.CancelAfter(budget);
            var (response, overBudget) = Review<TEntity>(parsed, services.GetRequiredService<IAdmissionValidator<TEntity>>(), logger, budget, deadline.Token, context.RequestAborted);
            outcome = overBudget ? AdmissionOutcome.OverBudget : response.Allowed ? AdmissionOutcome.Allowed : AdmissionOutcome.Denied;
            logger.LogInformation(
                "Admission {Operation} {Namespace}/{Name} ({Uid}): {Outcome} with {Warnings} warnings",
                parsed.Operation, parsed.Request.Namespace, parsed.Request.Name, parsed.Uid, outcome, response.Warnings?.Count ?? 0);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            var review = new AdmissionReview { ApiVersion = AdmissionReview.ApiVersionV1, Kind = AdmissionReview.KindName, Response = response };
            await JsonSerializer.SerializeAsync(context.Response.Body, review, ResponseOptions, context.RequestAborted);
        }
        catch (MalformedReviewException e)
        {
            outcome = AdmissionOutcome.Malformed;
            logger.LogWarning("Malformed AdmissionReview on {Path}: {Reason}", path, e.Message);
            await WriteBadRequestAsync(context, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own body limits (size, rate) tripped while reading.
            outcome = AdmissionOutcome.Malformed;
            logger.LogWarning("Unreadable AdmissionReview on {Path}: {Reason}", path, e.Message);
            await WriteBadRequestAsync(context, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the request body is larger than {MaxRequestBodyBytes} bytes"
                : $"the request body cannot be read: {e.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            outcome = AdmissionOutcome.Malformed;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A validator bug: fail this call (the API server applies the webhook's failurePolicy), not the process.
            outcome = AdmissionOutcome.Error;
            logger.LogError(e, "Admission review on {Path} failed", path);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("internal error while validating", context.RequestAborted);
        }

        metrics.Record(path, outcome, Stopwatch.GetElapsedTime(started));
    }

    private static (AdmissionResponse Response, bool OverBudget) Review<TEntity>(
        AdmissionReviewReader.Parsed parsed, IAdmissionValidator<TEntity> validator, ILogger logger, TimeSpan budget, CancellationToken deadline, CancellationToken requestAborted)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return (Review(parsed, validator, logger, deadline), false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            logger.LogWarning(
                "Admission {Operation} {Namespace}/{Name} ({Uid}): validation exceeded its budget of {Budget} and was stopped; denied",
                parsed.Operation, parsed.Request.Namespace, parsed.Request.Name, parsed.Uid, budget);
            return (Deny(parsed, [new AdmissionError("", $"validation exceeded its time budget ({budget.TotalSeconds:0.###} s) and was stopped, so the object is not admitted: make the spec smaller, or retry if the webhook was only overloaded")], []), true);
        }
        catch (RegexMatchTimeoutException e)
        {
            logger.LogWarning(
                "Admission {Operation} {Namespace}/{Name} ({Uid}): a pattern match took longer than {Timeout} and was stopped; denied",
                parsed.Operation, parsed.Request.Namespace, parsed.Request.Name, parsed.Uid, e.MatchTimeout);
            var input = e.Input.Length <= 100 ? e.Input : e.Input[..100] + "...";
            return (Deny(parsed, [new AdmissionError("", $"validation exceeded its time budget: checking '{input}' took longer than {e.MatchTimeout.TotalMilliseconds:0} ms and was stopped, so the object is not admitted: retry if the webhook was only overloaded")], []), true);
        }
    }

    private static AdmissionResponse Review<TEntity>(
        AdmissionReviewReader.Parsed parsed, IAdmissionValidator<TEntity> validator, ILogger logger, CancellationToken cancellationToken)
        where TEntity : class, IKubernetesObject<V1ObjectMeta>
    {
        var request = parsed.Request;
        if (parsed.Operation is AdmissionOperation.Delete or AdmissionOperation.Connect)
        {
            // Nothing about the new state to judge; registering the webhook for these is a configuration choice.
            return new AdmissionResponse { Uid = parsed.Uid, Allowed = true };
        }

        if (!EntityJson.TryDeserialize<TEntity>(request.NewObject!.Value, out var entity, out var error))
        {
            return Deny(parsed, [error!], []);
        }

        TEntity? oldEntity = null;
        if (parsed.Operation == AdmissionOperation.Update
            && !EntityJson.TryDeserialize(request.OldObject!.Value, out oldEntity, out var oldError))
        {
            // The stored object no longer reads (e.g. stored before a type change): judge the new one alone.
            logger.LogWarning("Stored {Namespace}/{Name} cannot be read ({Error}); validating the update without it",
                request.Namespace, request.Name, oldError);
        }

        var result = validator.Validate(entity!, oldEntity, parsed.Operation, request.DryRun ?? false, cancellationToken);
        return result.IsAllowed
            ? new AdmissionResponse { Uid = parsed.Uid, Allowed = true, Warnings = NullIfEmpty(result.Warnings) }
            : Deny(parsed, result.Errors, result.Warnings);
    }

    private static AdmissionResponse Deny(AdmissionReviewReader.Parsed parsed, IReadOnlyList<AdmissionError> errors, IReadOnlyList<string> warnings) => new()
    {
        Uid = parsed.Uid,
        Allowed = false,
        Warnings = NullIfEmpty(warnings),
        Status = new AdmissionStatus
        {
            Code = StatusCodes.Status422UnprocessableEntity,
            Reason = "Invalid",
            Message = string.Join("; ", errors),
            Details = new AdmissionStatusDetails
            {
                Name = parsed.Request.Name,
                Group = parsed.Request.Kind?.Group,
                Kind = parsed.Request.Kind?.Kind,
                Causes = errors.Select(e => new AdmissionStatusCause { Field = e.Path, Message = e.Message, Reason = "FieldValueInvalid" }).ToList(),
            },
        },
    };

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> warnings) => warnings.Count == 0 ? null : warnings;

    private sealed class BodySizeLimit : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => MaxRequestBodyBytes;
    }

    private static readonly JsonSerializerOptions ResponseOptions = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,

        // Messages quote user values ('name'); keep them readable in the API server's logs and kubectl.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            throw new MalformedReviewException($"the request body is larger than {MaxRequestBodyBytes} bytes");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var buffer = new MemoryStream();
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxRequestBodyBytes)
                {
                    throw new MalformedReviewException($"the request body is larger than {MaxRequestBodyBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static async Task WriteBadRequestAsync(HttpContext context, string reason)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason, CancellationToken.None);
    }
}
