using System.Text.Json.Nodes;
using k8s;
using SparkOperator.Entities;
using SparkOperator.Framework.Manifests;

namespace SparkOperator.Manifests;

/// <summary>
/// Loads SparkApplications from multi-document YAML (files users <c>kubectl apply</c>), for the
/// render and validate commands and the tests. YAML goes through JSON so that KubernetesJson's
/// naming rules apply (e.g. <c>mode: cluster</c> for <see cref="DeployMode.Cluster"/>).
/// </summary>
internal static class ManifestReader
{
    /// <summary>One document of a file: its position (from 0) and its JSON.</summary>
    public sealed record Document(int Index, JsonObject Json)
    {
        public bool IsSparkApplication =>
            Json["apiVersion"]?.GetValue<string>() == SparkApplication.ApiVersionString
            && Json["kind"]?.GetValue<string>() == SparkApplication.KindName;

        public bool IsSparkHistoryServer =>
            Json["apiVersion"]?.GetValue<string>() == SparkApplication.ApiVersionString
            && Json["kind"]?.GetValue<string>() == SparkHistoryServer.KindName;

        public SparkApplication ToSparkApplication() => ManifestReader.ToSparkApplication(Json);

        public SparkHistoryServer ToSparkHistoryServer() => KubernetesJson.Deserialize<SparkHistoryServer>(Json.ToJsonString());
    }

    /// <summary>Every non-empty document of <paramref name="yaml"/>.</summary>
    /// <exception cref="FormatException">Invalid YAML, or a document that is not a mapping.</exception>
    public static IReadOnlyList<Document> ReadDocuments(string yaml) =>
        YamlJson.ReadDocuments(yaml)
            .Select((node, i) => new Document(
                i,
                node as JsonObject ?? throw new FormatException($"Document {i} is not a mapping.")))
            .ToList();

    public static async Task<IReadOnlyList<Document>> ReadFileAsync(string path, CancellationToken cancellationToken) =>
        ReadDocuments(await File.ReadAllTextAsync(path, cancellationToken));

    /// <summary>The SparkApplications of <paramref name="yaml"/>; other kinds are skipped.</summary>
    public static IReadOnlyList<SparkApplication> ReadSparkApplications(string yaml) =>
        ReadDocuments(yaml).Where(d => d.IsSparkApplication).Select(d => d.ToSparkApplication()).ToList();

    public static SparkApplication ToSparkApplication(JsonObject json) =>
        KubernetesJson.Deserialize<SparkApplication>(json.ToJsonString());
}
