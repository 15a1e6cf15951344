using FluentValidation;
using FluentValidation.Results;

namespace SparkOperator.Validation;

internal static class ValidationContextExtensions
{
    /// <summary>
    /// Adds a failure at an absolute JSON path, verbatim: unlike AddFailure(name, message) the path is
    /// not prefixed again and the message (which may quote user text with braces) is not formatted.
    /// </summary>
    public static void Fail<T>(this ValidationContext<T> context, string path, string message) =>
        context.AddFailure(new ValidationFailure(path, message));
}
