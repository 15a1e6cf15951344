using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Talks to the test cluster's etcd directly (its v3 JSON gateway), for fault injection.</summary>
public static class Etcd
{
    /// <summary>Compacts etcd's history up to its current revision, so older resourceVersions are gone.</summary>
    public static async Task<long> CompactAsync()
    {
        TestCluster.RequireOwnCluster();
        Assert.That(TestCluster.EtcdUrl, Is.Not.Null, "KUBEBOX_ETCD missing from the cluster's env file");
        using var http = new HttpClient { BaseAddress = new Uri(TestCluster.EtcdUrl!) };
        var range = await http.PostAsJsonAsync("/v3/kv/range", new JsonObject { ["key"] = "AA==", ["limit"] = 1 });
        var header = (await range.Content.ReadFromJsonAsync<JsonObject>())!["header"]!;
        var revision = long.Parse(header["revision"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var compaction = await http.PostAsJsonAsync("/v3/kv/compaction", new JsonObject { ["revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture), ["physical"] = true });
        compaction.EnsureSuccessStatusCode();
        return revision;
    }
}
