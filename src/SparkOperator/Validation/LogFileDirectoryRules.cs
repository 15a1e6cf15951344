using FluentValidation;
using SparkOperator.Entities;
using SparkOperator.Policy;

namespace SparkOperator.Validation;

/// <summary>
/// Rules on a logFileDirectory, the same for the SparkApplication that writes event logs and the
/// SparkHistoryServer that reads them. Every check is a single pass over the value (no pattern a
/// tenant could make slow).
/// </summary>
internal static class LogFileDirectoryRules
{
    private const int MaxBucketLength = 63;
    private const int MinBucketLength = 3;

    /// <summary>
    /// <paramref name="path"/> is the field's JSON path; <paramref name="hasS3Connection"/> whether the
    /// same resource has the s3connection an s3 directory is reached through.
    /// </summary>
    public static void Check<T>(LogFileDirectory? directory, string path, bool hasS3Connection, PodPolicy policy, ValidationContext<T> context)
    {
        if (directory is null)
        {
            return;
        }

        var kinds = new List<string>();
        if (directory.S3 is not null)
        {
            kinds.Add("s3");
        }

        if (directory.PersistentVolumeClaim is not null)
        {
            kinds.Add("persistentVolumeClaim");
        }

        if (!string.IsNullOrEmpty(directory.CustomLogDirectory))
        {
            kinds.Add("customLogDirectory");
        }

        if (kinds.Count != 1)
        {
            context.Fail(path, kinds.Count == 0
                ? "must set exactly one of s3, persistentVolumeClaim and customLogDirectory, sets none"
                : $"must set exactly one of s3, persistentVolumeClaim and customLogDirectory, sets {string.Join(" and ", kinds)}");
            return;
        }

        if (directory.S3 is { } s3)
        {
            S3(s3, $"{path}.s3", hasS3Connection, context);
        }
        else if (directory.PersistentVolumeClaim is { } claim)
        {
            Claim(claim, $"{path}.persistentVolumeClaim", policy, context);
        }
        else
        {
            CustomDirectory(directory.CustomLogDirectory!, $"{path}.customLogDirectory", context);
        }
    }

    private static void S3<T>(S3LogDirectory s3, string path, bool hasS3Connection, ValidationContext<T> context)
    {
        if (!hasS3Connection)
        {
            context.Fail(path, "needs spec.s3connection: the endpoint and credentials the bucket is reached with");
        }

        var prefix = s3.Prefix?.Trim('/') ?? "";
        if (prefix.Length == 0)
        {
            context.Fail($"{path}.prefix", "is required: the key prefix the event logs go under");
        }
        else if (prefix.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail($"{path}.prefix", $"must be at most {ValidationLimits.MaxStringLength} characters");
        }
        else if (UriProblem(prefix) is { } problem)
        {
            context.Fail($"{path}.prefix", problem);
        }
        else if (prefix.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            context.Fail($"{path}.prefix", "must not contain empty, '.' or '..' segments");
        }
        else if (string.IsNullOrEmpty(s3.Bucket) && !IsBucketName(prefix.Split('/')[0]))
        {
            context.Fail($"{path}.prefix", $"without bucket, its first segment is the bucket, and '{SpecRules.Shorten(prefix.Split('/')[0])}' is not a bucket name (3-63 lower-case letters, digits, '.' and '-'); set bucket");
        }

        if (!string.IsNullOrEmpty(s3.Bucket) && !IsBucketName(s3.Bucket))
        {
            context.Fail($"{path}.bucket", $"'{SpecRules.Shorten(s3.Bucket)}' is not a bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)");
        }
    }

    private static void Claim<T>(PvcLogDirectory claim, string path, PodPolicy policy, ValidationContext<T> context)
    {
        if (!policy.AllowedVolumeTypes.Contains("persistentVolumeClaim", StringComparer.Ordinal))
        {
            context.Fail(path, VolumeRules.TypeNotAllowed("persistentVolumeClaim", policy));
        }

        if (!KubernetesNames.IsDns1123Subdomain(claim.ClaimName))
        {
            context.Fail($"{path}.claimName", "must name a PersistentVolumeClaim (a DNS-1123 subdomain)");
        }

        if (string.IsNullOrEmpty(claim.Path))
        {
            return;
        }

        if (claim.Path.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail($"{path}.path", $"must be at most {ValidationLimits.MaxStringLength} characters");
        }
        else if (claim.Path.StartsWith('/'))
        {
            context.Fail($"{path}.path", "must be a path relative to the volume's root, e.g. eventlogs");
        }
        else if (claim.Path.Split('/').Contains(".."))
        {
            context.Fail($"{path}.path", "must not contain '..'");
        }
        else if (UriProblem(claim.Path) is { } problem)
        {
            context.Fail($"{path}.path", problem);
        }
    }

    private static void CustomDirectory<T>(string uri, string path, ValidationContext<T> context)
    {
        if (uri.Length > ValidationLimits.MaxStringLength)
        {
            context.Fail(path, $"must be at most {ValidationLimits.MaxStringLength} characters");
            return;
        }

        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? uri[..colon] : "";
        if (scheme.Length == 0 || !char.IsAsciiLetter(scheme[0]) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            || !uri.AsSpan(colon).StartsWith(":/", StringComparison.Ordinal))
        {
            context.Fail(path, $"'{SpecRules.Shorten(uri)}' is not a directory URI with a scheme, e.g. hdfs://namenode/spark-logs, s3a://bucket/logs or file:///mnt/logs");
        }
        else if (scheme.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            context.Fail(path, "local:// names a file in the image, which Spark cannot write event logs to; use file:// on a mounted volume, or persistentVolumeClaim");
        }
        else if (UriProblem(uri) is { } problem)
        {
            context.Fail(path, problem);
        }
    }

    /// <summary>What makes the text unusable inside a Hadoop path URI, or null.</summary>
    private static string? UriProblem(string text) =>
        text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '#' or '?' or '\\' or '"')
            ? "must not contain whitespace, control characters, '#', '?', '\\' or '\"'"
            : null;

    private static bool IsBucketName(string name) =>
        name.Length is >= MinBucketLength and <= MaxBucketLength
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
