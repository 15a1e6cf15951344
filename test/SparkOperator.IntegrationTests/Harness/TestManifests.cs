using System.Text.Json.Nodes;
using SparkOperator.Framework.Manifests;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>Reads YAML manifests into JSON documents a test can adjust, and writes them back for kubectl.</summary>
public static class TestManifests
{
    /// <summary>The documents of a YAML file.</summary>
    public static List<JsonObject> Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The documents of YAML text.</summary>
    public static List<JsonObject> Parse(string yaml) => [.. YamlJson.ReadDocuments(yaml).Cast<JsonObject>()];

    /// <summary>The SparkApplications among <paramref name="documents"/>.</summary>
    public static IEnumerable<JsonObject> SparkApplications(IEnumerable<JsonObject> documents) =>
        documents.Where(d => (string?)d["kind"] == "SparkApplication");

    /// <summary>
    /// Gives every SparkApplication's driver the annotation that makes the kit's KWOK end it
    /// (<c>kubebox/outcome: succeed|fail</c>): the way a test stands in for a driver's JVM.
    /// </summary>
    public static List<JsonObject> WithDriverOutcome(this List<JsonObject> documents, string outcome)
    {
        foreach (var app in SparkApplications(documents))
        {
            var spec = (JsonObject)app["spec"]!;
            var driver = (spec["driver"] ??= new JsonObject()).AsObject();
            var annotations = (driver["annotations"] ??= new JsonObject()).AsObject();
            annotations["kubebox/outcome"] = outcome;
        }

        return documents;
    }

    /// <summary>
    /// Gives spark-submit's Kubernetes client 60 s instead of 10 s to connect and answer: a test
    /// that submits every sample at once runs up to six spark-submit JVMs on a 2-core machine.
    /// </summary>
    public static List<JsonObject> WithPatientSubmission(this List<JsonObject> documents)
    {
        foreach (var app in SparkApplications(documents))
        {
            var conf = (app["spec"]!["sparkConf"] ??= new JsonObject()).AsObject();
            conf["spark.kubernetes.submission.connectionTimeout"] = "60000";
            conf["spark.kubernetes.submission.requestTimeout"] = "60000";
        }

        return documents;
    }

    /// <summary>One JSON List of the documents, for <c>kubectl apply -f -</c>.</summary>
    public static string ToList(IEnumerable<JsonObject> documents) =>
        new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray([.. documents.Select(d => d.DeepClone())]) }.ToJsonString();

    /// <summary>samples/spark-pi.yaml renamed to <paramref name="name"/>, its driver ending with <paramref name="outcome"/> (null: runs until stopped), adjusted by <paramref name="spec"/>.</summary>
    public static JsonObject SparkPi(string name, string? outcome = "succeed", Action<JsonObject>? spec = null)
    {
        var documents = Load(RepositoryFiles.Path("samples", "spark-pi.yaml"));
        if (outcome is not null)
        {
            documents.WithDriverOutcome(outcome);
        }

        var app = documents.Single();
        app["metadata"]!["name"] = name;
        spec?.Invoke(app["spec"]!.AsObject());
        return app;
    }
}
