using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>Environment of the spark-submit, driver and executor containers.</summary>
internal static class ContainerEnvironment
{
    public const string AccessKeyVariable = OwnedEnv.AccessKey;
    public const string SecretKeyVariable = OwnedEnv.SecretKey;
    public const string DefaultAccessKeyKey = "accessKey";
    public const string DefaultSecretKeyKey = "secretKey";

    /// <summary>
    /// spec.env, then the role's env, then the operator's (S3 credentials, PYTHONPATH); for a
    /// name given twice the later wins. S3 keys are only ever references into the Secret: the
    /// values never pass through the operator, the command line or a ConfigMap. S3A's default
    /// credential chain reads these two variables.
    /// </summary>
    public static List<V1EnvVar>? For(SparkApplication app, RoleSpec? role, bool withPythonPath, bool withS3Credentials = true)
    {
        var env = new List<V1EnvVar>();
        env.AddRange(app.Spec.Env ?? []);
        env.AddRange(role?.Env ?? []);
        if (withS3Credentials && app.Spec.S3connection?.CredentialsSecret is { } secret)
        {
            env.Add(SecretVariable(AccessKeyVariable, secret.Name, secret.AccessKeyKey ?? DefaultAccessKeyKey));
            env.Add(SecretVariable(SecretKeyVariable, secret.Name, secret.SecretKeyKey ?? DefaultSecretKeyKey));
        }

        if (withPythonPath && HasRequirements(app))
        {
            env.Add(new V1EnvVar { Name = OwnedEnv.PythonPath, Value = OwnedPaths.PythonDepsDirectory });
        }

        return Lists.NullIfEmpty(Lists.LastWins(env.ConvertAll(e => Lists.Clone(e)!), e => e.Name));
    }

    public static List<V1EnvFromSource>? From(SparkApplication app) =>
        app.Spec.EnvFrom is { Count: > 0 } from ? from.Select(e => Lists.Clone(e)!).ToList() : null;

    public static bool HasRequirements(SparkApplication app) => app.Spec.Deps?.Requirements is { Count: > 0 };

    private static V1EnvVar SecretVariable(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };
}
