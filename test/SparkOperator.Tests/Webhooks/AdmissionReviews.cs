using System.Text.Json.Nodes;
using k8s;
using SparkOperator.Entities;

namespace SparkOperator.Tests.Webhooks;

/// <summary>AdmissionReview bodies as the API server sends them.</summary>
internal static class AdmissionReviews
{
    public static JsonNode ToNode(SparkApplication application) => JsonNode.Parse(KubernetesJson.Serialize(application))!;

    public static JsonObject Create(string uid, JsonNode? obj, string operation = "CREATE", JsonNode? oldObject = null) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = "sparkoperator.dev", ["version"] = "v1alpha1", ["kind"] = "SparkApplication" },
            ["resource"] = new JsonObject { ["group"] = "sparkoperator.dev", ["version"] = "v1alpha1", ["resource"] = "sparkapplications" },
            ["name"] = "app",
            ["namespace"] = "default",
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "tester" },
            ["object"] = obj,
            ["oldObject"] = oldObject,
            ["dryRun"] = false,
        },
    };
}
