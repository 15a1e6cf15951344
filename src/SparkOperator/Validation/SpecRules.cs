using FluentValidation;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Spark;

namespace SparkOperator.Validation;

/// <summary>Rules on spec fields that need more than one FluentValidation call: lists, maps and cross-field checks.</summary>
internal static class SpecRules
{
    public const string DynamicAllocationKey = "spark.dynamicAllocation.enabled";

    /// <summary>The environment variables the operator sets in this spec's containers.</summary>
    public static IReadOnlyCollection<string> OwnedEnv(SparkApplicationSpec spec) =>
        Spark.OwnedEnv.Names(spec.S3connection?.CredentialsSecret is not null, spec.Deps?.Requirements is { Count: > 0 });

    public static bool DynamicAllocationEnabled(SparkApplicationSpec spec) =>
        spec.SparkConf is { } conf && conf.TryGetValue(DynamicAllocationKey, out var value)
        && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static void MainApplicationFile(string? file, ValidationContext<SparkApplicationSpec> context)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            context.Fail(context.PropertyPath, "is required");
        }
        else if (file.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail(context.PropertyPath, $"must be at most {ValidationLimits.MaxStringLength} characters");
        }
        else if (ApplicationFile.Problem(file) is { } problem)
        {
            context.Fail(context.PropertyPath, problem);
        }
    }

    public static void MainClass(string? mainClass, ValidationContext<SparkApplicationSpec> context)
    {
        var kind = ApplicationFile.KindOf(context.InstanceToValidate.MainApplicationFile ?? "");
        if (string.IsNullOrEmpty(mainClass))
        {
            if (kind == ArtifactKind.Jvm)
            {
                context.Fail(context.PropertyPath, "is required for a JVM application (mainApplicationFile is a .jar)");
            }

            return;
        }

        if (kind == ArtifactKind.Python)
        {
            context.Fail(context.PropertyPath, "must not be set for a Python application (mainApplicationFile is a .py file)");
        }
        else if (mainClass.Length > 1024 || !IsJavaClassName(mainClass))
        {
            context.Fail(context.PropertyPath, $"'{Shorten(mainClass)}' is not a fully qualified Java class name (e.g. org.example.App)");
        }
    }

    public static void Args(IList<string>? args, ValidationContext<SparkApplicationSpec> context)
    {
        if (args is null || !WithinCount(args.Count, context))
        {
            return;
        }

        for (var i = 0; i < args.Count; i++)
        {
            context.ThrowIfCancellationRequested();
            if (args[i] is null)
            {
                context.Fail($"{context.PropertyPath}[{i}]", "must not be null");
            }
            else if (args[i].Length > ValidationLimits.MaxValueLength)
            {
                context.Fail($"{context.PropertyPath}[{i}]", $"must be at most {ValidationLimits.MaxValueLength} characters");
            }
        }
    }

    public static void SparkConf(IDictionary<string, string>? conf, PodPolicy policy, ValidationContext<SparkApplicationSpec> context)
    {
        if (conf is null || !WithinCount(conf.Count, context))
        {
            return;
        }

        foreach (var (key, value) in conf)
        {
            context.ThrowIfCancellationRequested();
            var path = $"{context.PropertyPath}[{Shorten(key)}]";
            if (string.IsNullOrWhiteSpace(key))
            {
                context.Fail(path, "keys must not be empty");
                continue;
            }

            if (key.Length > ValidationLimits.MaxStringLength || key.Any(c => c == '=' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                context.Fail(path, "keys must not contain '=' or whitespace");
            }
            else if (OperatorOwnedSparkConf.IsOwned(key, out var useInstead))
            {
                context.Fail(path, useInstead.StartsWith("spec.", StringComparison.Ordinal)
                    ? $"is set by the operator; use {useInstead} instead"
                    : $"is set by the operator ({useInstead}) and must not be set here");
            }
            else if (OperatorOwnedSparkConf.GoesAroundPodPolicy(key, out var instead) && !policy.AllowsSparkConf(key))
            {
                context.Fail(path, $"changes the driver or executor pods around the pod templates and the operator's pod policy; use {instead} instead "
                    + $"(an operator administrator can allow it with {PodPolicy.AllowedSparkConfSetting})");
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

    public static void PullSecrets<T>(IList<V1LocalObjectReference>? secrets, ValidationContext<T> context)
    {
        if (secrets is null || !WithinCount(secrets.Count, context))
        {
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < secrets.Count; i++)
        {
            context.ThrowIfCancellationRequested();
            var path = $"{context.PropertyPath}[{i}].name";
            var name = secrets[i]?.Name;
            if (!KubernetesNames.IsDns1123Subdomain(name))
            {
                context.Fail(path, $"'{Shorten(name)}' is not a valid Secret name (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.')");
            }
            else if (!seen.TryAdd(name!, i))
            {
                context.Fail(path, $"duplicate pull secret '{name}' (also {context.PropertyPath}[{seen[name!]}])");
            }
        }
    }

    /// <summary>Checks env items; <paramref name="owned"/> are the names the operator sets itself for this spec.</summary>
    public static void Env<T>(IList<V1EnvVar>? env, IReadOnlyCollection<string> owned, ValidationContext<T> context) =>
        Env(env, owned, context.PropertyPath, context);

    /// <summary>Checks the env items of the list at <paramref name="listPath"/>.</summary>
    public static void Env<T>(IList<V1EnvVar>? env, IReadOnlyCollection<string> owned, string listPath, ValidationContext<T> context)
    {
        if (env is null || !WithinCount(env.Count, listPath, context))
        {
            return;
        }

        for (var i = 0; i < env.Count; i++)
        {
            context.ThrowIfCancellationRequested();
            var name = env[i]?.Name;
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Length > ValidationLimits.MaxStringLength)
            {
                context.Fail($"{listPath}[{i}].name", "must be a non-empty variable name without '='");
            }
            else if (owned.Contains(name))
            {
                context.Fail($"{listPath}[{i}].name", $"{name} is set by the operator for this application (from spec.s3connection or spec.deps) and would be replaced");
            }
            else if (env[i].Value is { Length: > ValidationLimits.MaxValueLength })
            {
                context.Fail($"{listPath}[{i}].value", $"must be at most {ValidationLimits.MaxValueLength} characters");
            }
        }
    }

    /// <summary>Adds a failure and returns false when a list or map is larger than the sanity limit.</summary>
    public static bool WithinCount<T>(int count, ValidationContext<T> context) => WithinCount(count, context.PropertyPath, context);

    /// <summary>Adds a failure at <paramref name="path"/> and returns false when a list or map is larger than the sanity limit.</summary>
    public static bool WithinCount<T>(int count, string path, ValidationContext<T> context)
    {
        if (count <= ValidationLimits.MaxItems)
        {
            return true;
        }

        context.Fail(path, $"must have at most {ValidationLimits.MaxItems} items, has {count}");
        return false;
    }

    /// <summary>User text quoted in a message, cut so that one absurd value cannot blow up the response.</summary>
    public static string Shorten(string? text) => text is null ? "" : text.Length <= 100 ? text : text[..100] + "...";

    private static bool IsJavaClassName(string name) =>
        name.Split('.').All(part => part.Length > 0
            && (char.IsLetter(part[0]) || part[0] is '_' or '$')
            && part.All(c => char.IsLetterOrDigit(c) || c is '_' or '$'));
}
