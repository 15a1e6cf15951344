using FluentValidation;
using FluentValidation.Results;

namespace SparkOperator.Validation;

internal static class ValidationContextExtensions
{
    // In the root context data, which FluentValidation shares with every child validator's context.
    private const string CancellationKey = "SparkOperator.CancellationToken";

    /// <summary>
    /// Adds a failure at an absolute JSON path, verbatim: unlike AddFailure(name, message) the path is
    /// not prefixed again and the message (which may quote user text with braces) is not formatted.
    /// </summary>
    public static void Fail<T>(this ValidationContext<T> context, string path, string message) =>
        context.AddFailure(new ValidationFailure(path, message));

    /// <summary>Makes <paramref name="cancellationToken"/> the one <see cref="ThrowIfCancellationRequested{T}"/> observes in this validation.</summary>
    public static ValidationContext<T> WithCancellation<T>(this ValidationContext<T> context, CancellationToken cancellationToken)
    {
        context.RootContextData[CancellationKey] = cancellationToken;
        return context;
    }

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> once the review's budget is spent or its request
    /// is gone. FluentValidation runs rules synchronously and never looks at a token itself, so the
    /// rules call this per item of every list a tenant can make long.
    /// </summary>
    public static void ThrowIfCancellationRequested<T>(this ValidationContext<T> context)
    {
        if (context.RootContextData.TryGetValue(CancellationKey, out var value) && value is CancellationToken token)
        {
            token.ThrowIfCancellationRequested();
        }
    }
}
