using System.Text;
using System.Text.Json.Nodes;
using k8s;
using SparkOperator.Entities;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>AdmissionReview bodies: valid reviews of good and bad specs, and malformed bodies of every kind.</summary>
internal static class Reviews
{
    public static byte[] Of(JsonNode obj, string operation = "CREATE", JsonNode? oldObject = null) =>
        Encoding.UTF8.GetBytes(Review(obj, operation, oldObject).ToJsonString());

    public static JsonObject Review(JsonNode? obj, string operation = "CREATE", JsonNode? oldObject = null) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = Guid.NewGuid().ToString(),
            ["kind"] = new JsonObject { ["group"] = SparkApplication.GroupName, ["version"] = SparkApplication.Version, ["kind"] = SparkApplication.KindName },
            ["resource"] = new JsonObject { ["group"] = SparkApplication.GroupName, ["version"] = SparkApplication.Version, ["resource"] = SparkApplication.Plural },
            ["name"] = "bench",
            ["namespace"] = "default",
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "bench" },
            ["object"] = obj,
            ["oldObject"] = oldObject,
            ["dryRun"] = false,
        },
    };

    public static JsonObject GoodApp(string name = "bench") =>
        JsonNode.Parse(KubernetesJson.Serialize(Applications.SparkPi("default", name)))!.AsObject();

    /// <summary>Specs the validator must deny, each for a different rule.</summary>
    public static IReadOnlyList<JsonObject> BadApps()
    {
        var clientMode = GoodApp();
        clientMode["spec"]!["mode"] = "client";
        var noClass = GoodApp();
        noClass["spec"]!.AsObject().Remove("mainClass");
        var negative = GoodApp();
        negative["spec"]!["executor"]!["instances"] = -3;
        var ownedConf = GoodApp();
        ownedConf["spec"]!["sparkConf"]!["spark.master"] = "local[*]";
        var badImage = GoodApp();
        badImage["spec"]!["sparkImage"] = "Not An Image!";
        var badMemory = GoodApp();
        badMemory["spec"]!["driver"]!["memory"] = "lots";
        return [clientMode, noClass, negative, ownedConf, badImage, badMemory];
    }
}
