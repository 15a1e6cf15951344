using FluentValidation;
using SparkOperator.Entities;

namespace SparkOperator.Validation;

/// <summary>Rules on spec.deps: every entry must be something spark-submit or pip takes as one item, never an option.</summary>
internal sealed class DependenciesValidator : AbstractValidator<Dependencies>
{
    public DependenciesValidator()
    {
        RuleFor(d => d.Packages).Custom((items, context) => Each(items, context, DependencySyntax.MaxMavenCoordinateLength, "a Maven coordinate", value =>
            DependencySyntax.IsMavenPackage(value) ? null : "must be a Maven coordinate group:artifact:version (optionally :classifier)"));
        RuleFor(d => d.ExcludePackages).Custom((items, context) => Each(items, context, DependencySyntax.MaxMavenCoordinateLength, "a Maven coordinate", value =>
            DependencySyntax.IsMavenExclusion(value) ? null : "must be a Maven group:artifact"));
        RuleFor(d => d.Repositories).Custom((items, context) => Each(items, context, DependencySyntax.MaxRepositoryLength, "a repository URL", DependencySyntax.RepositoryProblem));
        RuleFor(d => d.Requirements).Custom((items, context) => Each(items, context, DependencySyntax.MaxRequirementLength, "a pip requirement", value =>
            DependencySyntax.IsPipRequirement(value)
                ? null
                : "must be a pip requirement specifier (PEP 508), e.g. name==1.0, name[extra]>=1,<2 or name; python_version>=\"3.9\"; options and shell syntax are not allowed"));
    }

    private static void Each(IList<string>? items, ValidationContext<Dependencies> context, int maxLength, string kind, Func<string, string?> problemOf)
    {
        if (items is null || !SpecRules.WithinCount(items.Count, context))
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            context.ThrowIfCancellationRequested();
            var path = $"{context.PropertyPath}[{i}]";
            var item = items[i];
            if (string.IsNullOrWhiteSpace(item))
            {
                context.Fail(path, "must not be empty");
            }
            else if (item.Length > maxLength)
            {
                context.Fail(path, $"must be at most {maxLength} characters, the limit for {kind}; has {item.Length}");
            }
            else if (problemOf(item) is { } problem)
            {
                context.Fail(path, $"'{SpecRules.Shorten(item)}' {problem}");
            }
        }
    }
}
