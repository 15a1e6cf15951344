using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Client;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.History;

/// <summary>
/// What a SparkHistoryServer becomes in Kubernetes. Pure: the same server always gives the same
/// objects; nothing is read or written here.
/// </summary>
public static class HistoryServerBuilder
{
    /// <summary>Pod annotation with a digest of spark-defaults.conf: a changed conf rolls the pods.</summary>
    public const string ConfDigestAnnotation = "sparkoperator.dev/conf-digest";

    /// <exception cref="ArgumentException">The server lacks a name, namespace or uid.</exception>
    public static HistoryServerResources Build(SparkHistoryServer server, SubmissionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= SubmissionOptions.Default;
        if (string.IsNullOrEmpty(server.Metadata?.Name) || string.IsNullOrEmpty(server.Metadata.NamespaceProperty) || string.IsNullOrEmpty(server.Metadata.Uid))
        {
            throw new ArgumentException("The history server needs metadata.name, metadata.namespace and metadata.uid.", nameof(server));
        }

        var conf = HistoryServerConf.Text(server);
        return new HistoryServerResources(
            ConfigMap(server, conf, options),
            Deployment(server, conf, options),
            Service(server, options),
            Ingress(server, options));
    }

    private static V1ObjectMeta Metadata(SparkHistoryServer server, string name, SubmissionOptions options) => new()
    {
        Name = name,
        NamespaceProperty = server.Metadata.NamespaceProperty,
        Labels = HistoryNames.Labels(server, options.OperatorName),
        OwnerReferences = [server.ControllerReference()],
    };

    private static V1ConfigMap ConfigMap(SparkHistoryServer server, string conf, SubmissionOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = V1ConfigMap.KubeKind,
        Metadata = Metadata(server, HistoryNames.ConfigMap(server.Metadata.Name), options),
        Data = new Dictionary<string, string>(StringComparer.Ordinal) { [OwnedPaths.HistoryConfFile] = conf },
    };

    private static V1Deployment Deployment(SparkHistoryServer server, string conf, SubmissionOptions options)
    {
        var spec = server.Spec;
        var cleaner = HistoryServerConf.CleanerEnabled(server);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = V1Deployment.KubeKind,
            Metadata = Metadata(server, HistoryNames.Deployment(server.Metadata.Name), options),
            Spec = new V1DeploymentSpec
            {
                Replicas = spec.Replicas ?? 1,
                Selector = new V1LabelSelector { MatchLabels = HistoryNames.Selector(server) },

                // Two cleaners must never run at once, not even for the length of a rolling update.
                Strategy = cleaner ? new V1DeploymentStrategy { Type = "Recreate" } : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = HistoryNames.Labels(server, options.OperatorName),
                        Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [ConfDigestAnnotation] = Digest(conf) },
                    },
                    Spec = PodSpec(server, cleaner, options),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(SparkHistoryServer server, bool cleaner, SubmissionOptions options)
    {
        var spec = server.Spec;
        var security = PodSecurity.Container();
        security.ReadOnlyRootFilesystem = true;
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = OwnedPaths.HistoryConfVolume, MountPath = OwnedPaths.HistoryConfDirectory, ReadOnlyProperty = true },
            new() { Name = OwnedPaths.HistoryTmpVolume, MountPath = OwnedPaths.HistoryTmpDirectory },
        };
        var volumes = new List<V1Volume>
        {
            new() { Name = OwnedPaths.HistoryConfVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = HistoryNames.ConfigMap(server.Metadata.Name) } },
            new() { Name = OwnedPaths.HistoryTmpVolume, EmptyDir = new V1EmptyDirVolumeSource() },
        };

        // The server only reads event logs, unless its cleaner deletes them.
        if (EventLogLocation.Mount(spec.LogFileDirectory, readOnly: !cleaner) is { } logMount)
        {
            mounts.Add(logMount);
            volumes.Add(EventLogLocation.Volume(spec.LogFileDirectory)!);
        }

        var container = new V1Container
        {
            Name = OwnedPaths.HistoryContainer,
            Image = spec.Image,
            ImagePullPolicy = spec.ImagePullPolicy?.ToString(),
            Command = HistoryServerCommand.Command,
            Args = HistoryServerCommand.Arguments,
            Env = Environment(spec),
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = OwnedHistoryConf.Port, Protocol = "TCP" }],
            ReadinessProbe = new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Path = "/", Port = "http" },
                PeriodSeconds = 10,
            },
            Resources = Lists.Clone(spec.Resources),
            VolumeMounts = mounts,
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = security,
        };

        return new V1PodSpec
        {
            SecurityContext = PodSecurity.Pod(options.Policy),

            // The history server never calls the API server.
            AutomountServiceAccountToken = false,
            ImagePullSecrets = spec.ImagePullSecrets is { Count: > 0 } secrets
                ? Lists.LastWins(secrets.Select(s => new V1LocalObjectReference { Name = s.Name }), s => s.Name)
                : null,
            NodeSelector = spec.NodeSelector is { Count: > 0 } ns ? new Dictionary<string, string>(ns, StringComparer.Ordinal) : null,
            Affinity = Lists.Clone(spec.Affinity),
            Tolerations = spec.Tolerations is { Count: > 0 } t ? t.Select(x => Lists.Clone(x)!).ToList() : null,
            Containers = [container],
            Volumes = volumes,
        };
    }

    /// <summary>
    /// spark-class runs the server in the foreground anyway; SPARK_NO_DAEMONIZE keeps it there if an
    /// image's wrapper goes through start-history-server.sh. S3 keys are references into the Secret.
    /// </summary>
    private static List<V1EnvVar> Environment(SparkHistoryServerSpec spec)
    {
        var env = new List<V1EnvVar> { new() { Name = OwnedEnv.NoDaemonize, Value = "true" } };
        if (spec.LogFileDirectory.S3 is not null && spec.S3connection?.CredentialsSecret is { } secret)
        {
            env.Add(SecretVariable(OwnedEnv.AccessKey, secret.Name, secret.AccessKeyKey ?? ContainerEnvironment.DefaultAccessKeyKey));
            env.Add(SecretVariable(OwnedEnv.SecretKey, secret.Name, secret.SecretKeyKey ?? ContainerEnvironment.DefaultSecretKeyKey));
        }

        return env;
    }

    private static V1EnvVar SecretVariable(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };

    private static V1Service Service(SparkHistoryServer server, SubmissionOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = V1Service.KubeKind,
        Metadata = Metadata(server, HistoryNames.Service(server.Metadata.Name), options),
        Spec = new V1ServiceSpec
        {
            Selector = HistoryNames.Selector(server),
            Ports = [new V1ServicePort { Name = "http", Port = OwnedHistoryConf.Port, TargetPort = "http", Protocol = "TCP" }],
        },
    };

    private static V1Ingress? Ingress(SparkHistoryServer server, SubmissionOptions options)
    {
        if (server.Spec.Ingress is not { } ingress)
        {
            return null;
        }

        var metadata = Metadata(server, HistoryNames.Ingress(server.Metadata.Name), options);
        metadata.Annotations = ingress.Annotations is { Count: > 0 } a ? new Dictionary<string, string>(a, StringComparer.Ordinal) : null;
        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = V1Ingress.KubeKind,
            Metadata = metadata,
            Spec = new V1IngressSpec
            {
                IngressClassName = ingress.IngressClassName,
                Tls = ingress.Tls is { } tls
                    ? [new V1IngressTLS { SecretName = tls.SecretName, Hosts = string.IsNullOrEmpty(ingress.Host) ? null : [ingress.Host] }]
                    : null,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = string.IsNullOrEmpty(ingress.Host) ? null : ingress.Host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = string.IsNullOrEmpty(ingress.Path) ? "/" : ingress.Path,
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend
                                        {
                                            Name = HistoryNames.Service(server.Metadata.Name),
                                            Port = new V1ServiceBackendPort { Name = "http" },
                                        },
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        };
    }

    /// <summary>Where the UI answers: the Ingress's address when it names a host, else the Service's.</summary>
    public static string Url(SparkHistoryServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (server.Spec.Ingress is { Host: { Length: > 0 } host } ingress)
        {
            var scheme = ingress.Tls is null ? "http" : "https";
            var path = string.IsNullOrEmpty(ingress.Path) ? "/" : ingress.Path;
            return $"{scheme}://{host}{path}";
        }

        return HistoryNames.ServiceUrl(server);
    }

    private static string Digest(string conf) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conf)))[..16];
}
