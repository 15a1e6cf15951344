using System.Globalization;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.History;

/// <summary>The names and labels of a history server's objects.</summary>
public static class HistoryNames
{
    public const string NameValue = "spark-history";
    public const string Component = "history-server";

    /// <summary>Deployment, Service and Ingress take the server's own name (a DNS-1035 label, as a Service needs).</summary>
    public static string Deployment(string server) => server;

    public static string Service(string server) => server;

    public static string Ingress(string server) => server;

    public static string ConfigMap(string server) => server + "-config";

    /// <summary>The Service's in-cluster address.</summary>
    public static string ServiceUrl(SparkHistoryServer server) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{Service(server.Metadata.Name)}.{server.Metadata.NamespaceProperty}.svc:{OwnedHistoryConf.Port}");

    /// <summary>What the Deployment selects its pods by; fixed, as a Deployment's selector cannot change.</summary>
    public static Dictionary<string, string> Selector(SparkHistoryServer server) => new(StringComparer.Ordinal)
    {
        [OwnedLabels.Name] = NameValue,
        [OwnedLabels.Instance] = server.Metadata.Name,
    };

    public static Dictionary<string, string> Labels(SparkHistoryServer server, string operatorName) => new(Selector(server), StringComparer.Ordinal)
    {
        [OwnedLabels.ManagedBy] = operatorName,
        [OwnedLabels.Component] = Component,
    };
}
