using System.Globalization;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>
/// The Spark UI's Service and Ingress, the confs Spark needs behind the Ingress, and the addresses
/// for status. One Service per application whose selector names the current attempt, so the UI
/// always shows the driver that runs now and never a previous attempt's.
/// </summary>
internal static class SparkUiBuilder
{
    public static bool Wanted(SparkApplicationSpec spec) => spec.SparkUi is { Enabled: not false };

    public static bool IngressWanted(SparkApplicationSpec spec, SubmissionOptions options) =>
        Wanted(spec) && spec.SparkUi!.Ingress != false && options.SparkUi.IngressConfigured;

    /// <summary>spark.ui.port when sparkConf sets it to a number, else Spark's default.</summary>
    public static int Port(SparkApplicationSpec spec) =>
        spec.SparkConf is { } conf && conf.TryGetValue(OwnedSparkUi.PortConf, out var raw)
        && int.TryParse(raw?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : OwnedSparkUi.DefaultPort;

    public static V1Service? Service(SparkApplication app, int attempt, SubmissionOptions options)
    {
        if (!Wanted(app.Spec))
        {
            return null;
        }

        var name = app.Metadata.Name;
        var port = Port(app.Spec);
        // The labels DriverSelector finds this attempt's driver by, which our template gives it.
        var selector = SubmissionLabels.For(app, options.OperatorName, SubmissionLabels.DriverComponent, attempt);
        selector.Remove(SubmissionLabels.Name);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = V1Service.KubeKind,
            Metadata = OwnedMetadata.For(app, ResourceNames.SparkUi(name), SubmissionLabels.For(app, options.OperatorName, SubmissionLabels.SparkUiComponent, attempt: null)),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = selector,
                Ports = [new V1ServicePort { Name = OwnedSparkUi.PortName, Port = port, TargetPort = port, Protocol = "TCP" }],
            },
        };
    }

    public static V1Ingress? Ingress(SparkApplication app, SubmissionOptions options)
    {
        if (!IngressWanted(app.Spec, options))
        {
            return null;
        }

        var ui = options.SparkUi;
        var name = ResourceNames.SparkUi(app.Metadata.Name);
        var host = Host(app, ui);
        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = V1Ingress.KubeKind,
            Metadata = WithAnnotations(
                OwnedMetadata.For(app, name, SubmissionLabels.For(app, options.OperatorName, SubmissionLabels.SparkUiComponent, attempt: null)),
                ui.Annotations),
            Spec = new V1IngressSpec
            {
                IngressClassName = ui.ClassName,
                Tls = ui.TlsSecretName is { } secret ? [new V1IngressTLS { Hosts = [host], SecretName = secret }] : null,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = Path(app, ui),
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend { Name = name, Port = new V1ServiceBackendPort { Name = OwnedSparkUi.PortName } },
                                    },
                                },
                            ],
                        },
                    },
                ],
            },
        };
    }

    /// <summary>Where status says the UI is: the Ingress's URL, else the Service's in-cluster address.</summary>
    public static SparkUiStatus? Status(SparkApplication app, SubmissionOptions options)
    {
        if (!Wanted(app.Spec))
        {
            return null;
        }

        var service = ResourceNames.SparkUi(app.Metadata.Name);
        if (IngressWanted(app.Spec, options))
        {
            var ui = options.SparkUi;
            var path = Path(app, ui).TrimEnd('/');
            return new SparkUiStatus { ServiceName = service, IngressName = service, Url = $"{ui.Scheme}://{Host(app, ui)}{path}/" };
        }

        var port = Port(app.Spec).ToString(CultureInfo.InvariantCulture);
        return new SparkUiStatus { ServiceName = service, Url = $"http://{service}.{app.Metadata.NamespaceProperty}.svc:{port}/" };
    }

    /// <summary>
    /// Behind a path Spark must prefix its links with it (proxyBase) and send redirects to the
    /// Ingress's host rather than the pod's (proxyRedirectUri); at a host's root it needs neither.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Confs(SparkApplication app, SubmissionOptions options)
    {
        if (!IngressWanted(app.Spec, options) || !options.SparkUi.UnderPath)
        {
            yield break;
        }

        var ui = options.SparkUi;
        yield return new(OwnedSparkUi.ProxyBaseConf, Path(app, ui).TrimEnd('/'));
        yield return new(OwnedSparkUi.ProxyRedirectUriConf, $"{ui.Scheme}://{Host(app, ui)}");
    }

    // The instance label's form of the name: the name itself when it fits a DNS label, else cut
    // and hashed, so every label of the host stays a valid DNS label.
    private static string Host(SparkApplication app, SparkUiOptions ui) =>
        SparkUiOptions.Fill(ui.Host!, ResourceNames.InstanceLabel(app.Metadata.Name), app.Metadata.NamespaceProperty);

    private static string Path(SparkApplication app, SparkUiOptions ui) =>
        SparkUiOptions.Fill(ui.Path, ResourceNames.InstanceLabel(app.Metadata.Name), app.Metadata.NamespaceProperty);

    private static V1ObjectMeta WithAnnotations(V1ObjectMeta metadata, IReadOnlyDictionary<string, string> annotations)
    {
        metadata.Annotations = annotations.Count > 0 ? new Dictionary<string, string>(annotations, StringComparer.Ordinal) : null;
        return metadata;
    }
}
