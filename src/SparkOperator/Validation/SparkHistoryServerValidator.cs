using FluentValidation;
using FluentValidation.Results;
using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>The rules of a SparkHistoryServer; every failure carries its JSON path.</summary>
internal sealed class SparkHistoryServerValidator : AbstractValidator<SparkHistoryServer>
{
    public SparkHistoryServerValidator(PodPolicy? policy = null)
    {
        JsonFieldNames.Configure();
        RuleFor(s => s.Metadata.Name).Custom((name, context) =>
        {
            // The Service is named after the server, and a Service name is a DNS-1035 label.
            if (!string.IsNullOrEmpty(name) && (!KubernetesNames.IsDns1123Label(name) || !char.IsAsciiLetter(name[0])))
            {
                context.Fail("metadata.name", $"'{SpecRules.Shorten(name)}' must be a DNS-1035 label (at most 63 lower-case letters, digits and '-', starting with a letter): its Service takes this name");
            }
        });
        RuleFor(s => s.Spec).NotNull().WithMessage("is required").SetValidator(new SparkHistoryServerSpecValidator(policy ?? PodPolicy.Default));
    }

    public ValidationResult Validate(SparkHistoryServer server, CancellationToken cancellationToken) =>
        Validate(new ValidationContext<SparkHistoryServer>(server).WithCancellation(cancellationToken));
}

/// <summary>Rules on a SparkHistoryServer's spec.</summary>
internal sealed class SparkHistoryServerSpecValidator : AbstractValidator<SparkHistoryServerSpec>
{
    public SparkHistoryServerSpecValidator(PodPolicy policy)
    {
        RuleFor(s => s.Image).Custom(CheckImage);
        RuleFor(s => s.ImagePullPolicy).IsInEnum().WithMessage("must be Always, IfNotPresent or Never");
        RuleFor(s => s.ImagePullSecrets).Custom(SpecRules.PullSecrets);
        RuleFor(s => s.LogFileDirectory).Custom((directory, context) =>
        {
            if (directory is null)
            {
                context.Fail(context.PropertyPath, "is required: the event-log directory the server reads");
                return;
            }

            LogFileDirectoryRules.Check(directory, context.PropertyPath, context.InstanceToValidate.S3connection is not null, policy, context);
        });
        RuleFor(s => s.S3connection!).SetValidator(new S3ConnectionValidator());
        RuleFor(s => s.S3connection).Custom((s3, context) =>
        {
            if (s3?.Tls?.CaSecret is not null)
            {
                context.Fail($"{context.PropertyPath}.tls.caSecret", "is not supported for a SparkHistoryServer yet: the operator builds a truststore for applications only; use an endpoint whose certificate the image's JVM trusts");
            }
        });
        RuleFor(s => s.Replicas).GreaterThanOrEqualTo(0).WithMessage("must not be negative");
        RuleFor(s => s.Replicas).LessThanOrEqualTo(1).When(s => s.Cleaner?.Enabled == true)
            .WithMessage("must be at most 1 while spec.cleaner.enabled is true: two cleaners would delete event logs under each other");
        RuleFor(s => s.Cleaner).Custom((cleaner, context) =>
        {
            if (!string.IsNullOrEmpty(cleaner?.MaxAge) && !IsSparkDuration(cleaner.MaxAge))
            {
                context.Fail($"{context.PropertyPath}.maxAge", "must be a duration in Spark's notation: a whole number and ms, s, m, min, h or d (e.g. 7d, 12h)");
            }

            if (cleaner?.MaxNumApps is < 1)
            {
                context.Fail($"{context.PropertyPath}.maxNumApps", "must be at least 1");
            }
        });
        RuleFor(s => s.SparkConf).Custom(CheckSparkConf);
        RuleFor(s => s.NodeSelector).Custom((labels, context) => MetadataRules.Keys(labels, checkValues: true, context.PropertyPath, context));
        RuleFor(s => s.Tolerations).Must(t => t is null || t.Count <= ValidationLimits.MaxItems).WithMessage($"must have at most {ValidationLimits.MaxItems} items");
        RuleFor(s => s.Ingress).Custom(CheckIngress);
    }

    private static void CheckImage(string? image, ValidationContext<SparkHistoryServerSpec> context)
    {
        if (string.IsNullOrEmpty(image))
        {
            context.Fail(context.PropertyPath, "is required");
        }
        else if (image.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail(context.PropertyPath, $"must be at most {ValidationLimits.MaxStringLength} characters");
        }
        else if (!ImageReference.TryParse(image, out _, out var problem))
        {
            context.Fail(context.PropertyPath, $"'{image}' is not a valid image reference: {problem}");
        }
    }

    private static bool IsSparkDuration(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var digits = value.TakeWhile(char.IsAsciiDigit).Count();
        return digits is > 0 and <= 9 && value[digits..] is "ms" or "s" or "m" or "min" or "h" or "d";
    }

    private static void CheckSparkConf(IDictionary<string, string>? conf, ValidationContext<SparkHistoryServerSpec> context)
    {
        if (conf is null || !SpecRules.WithinCount(conf.Count, context))
        {
            return;
        }

        foreach (var (key, value) in conf)
        {
            context.ThrowIfCancellationRequested();
            var path = $"{context.PropertyPath}[{SpecRules.Shorten(key)}]";
            if (string.IsNullOrWhiteSpace(key) || key.Length > ValidationLimits.MaxStringLength || key.Any(c => c == '=' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                context.Fail(path, "keys must not be empty nor contain '=' or whitespace");
            }
            else if (OwnedHistoryConf.Keys.TryGetValue(key, out var useInstead))
            {
                context.Fail(path, useInstead.StartsWith("spec.", StringComparison.Ordinal)
                    ? $"is set by the operator; use {useInstead} instead"
                    : $"is set by the operator ({useInstead}) and must not be set here");
            }

            if (value is null)
            {
                context.Fail(path, "must not be null");
            }
            else if (value.Length > ValidationLimits.MaxValueLength)
            {
                context.Fail(path, $"must be at most {ValidationLimits.MaxValueLength} characters");
            }
        }
    }

    private static void CheckIngress(HistoryIngress? ingress, ValidationContext<SparkHistoryServerSpec> context)
    {
        if (ingress is null)
        {
            return;
        }

        var path = context.PropertyPath;
        if (!string.IsNullOrEmpty(ingress.Host) && !KubernetesNames.IsDns1123Subdomain(ingress.Host.StartsWith("*.", StringComparison.Ordinal) ? ingress.Host[2..] : ingress.Host))
        {
            context.Fail($"{path}.host", $"'{SpecRules.Shorten(ingress.Host)}' is not a host name (a DNS-1123 subdomain, optionally starting with '*.')");
        }

        if (!string.IsNullOrEmpty(ingress.Path)
            && (!ingress.Path.StartsWith('/') || ingress.Path.Length > ValidationLimits.MaxStringLength || ingress.Path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            context.Fail($"{path}.path", "must be an absolute URL path without whitespace, e.g. / or /history");
        }

        if (!string.IsNullOrEmpty(ingress.IngressClassName) && !KubernetesNames.IsDns1123Subdomain(ingress.IngressClassName))
        {
            context.Fail($"{path}.ingressClassName", "must name an IngressClass (a DNS-1123 subdomain)");
        }

        if (ingress.Tls is { } tls && !KubernetesNames.IsDns1123Subdomain(tls.SecretName))
        {
            context.Fail($"{path}.tls.secretName", "must name a Secret (a DNS-1123 subdomain)");
        }

        if (ingress.Annotations is { } annotations && SpecRules.WithinCount(annotations.Count, context))
        {
            foreach (var key in annotations.Keys)
            {
                if (!KubernetesNames.IsQualifiedName(key))
                {
                    context.Fail($"{path}.annotations[{SpecRules.Shorten(key)}]", "is not a valid annotation key (an optional DNS subdomain prefix and '/', then a name)");
                }
            }
        }
    }
}
