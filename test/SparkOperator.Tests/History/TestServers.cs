using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Tests.History;

internal static class TestServers
{
    public const string Uid = "7a1c2b4a-1111-2222-3333-444455556666";

    public static SparkHistoryServer Minimal(string name = "history", string ns = "team-a") => new()
    {
        ApiVersion = SparkApplication.ApiVersionString,
        Kind = SparkHistoryServer.KindName,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = Uid, Generation = 3 },
        Spec = new SparkHistoryServerSpec
        {
            Image = "apache/spark:4.1.1",
            LogFileDirectory = new LogFileDirectory { PersistentVolumeClaim = new PvcLogDirectory { ClaimName = "event-logs", Path = "eventlogs" } },
        },
    };
}
