using System.Text.Json.Nodes;
using k8s;
using SparkOperator.Entities;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>
/// Values built to keep a backtracking matcher busy (runs of the characters two loops of a pattern
/// both take, ended by one that fails the match), one or two for every pattern-checked field, and
/// the application with all of them at once: what a tenant would send to stall the webhook.
/// </summary>
internal static class Pathological
{
    /// <summary>One hostile value: where it goes, what it is, and how it is put into a spec.</summary>
    public sealed record Input(string Field, string Value, Action<JsonObject> Apply);

    public static IReadOnlyList<Input> Inputs() =>
    [
        new("deps.requirements", "`a`, 2,046 spaces, `\\|` (2,048 chars: matched)", s => Add(Deps(s), "requirements", "a" + new string(' ', 2046) + "|")),
        new("deps.requirements", "`a`, 4,094 spaces, `\\|` (4,096 chars: over the limit)", s => Add(Deps(s), "requirements", "a" + new string(' ', 4094) + "|")),
        new("deps.requirements", "`a` and 290 × ` == 1 ,` then `\\|`", s => Add(Deps(s), "requirements", "a" + Repeat(" == 1 ,", 290) + "|")),
        new("deps.packages", "`a` and 255 × `:a`", s => Add(Deps(s), "packages", "a" + Repeat(":a", 255))),
        new("deps.excludePackages", "512 dots", s => Add(Deps(s), "excludePackages", new string('.', 512))),
        new("deps.repositories", "`https://`, 1,000 × `a.`, a space", s => Add(Deps(s), "repositories", "https://" + Repeat("a.", 1000) + " ")),
        new("sparkImage", "`a`, 250 dashes, `/b:1`", s => s["sparkImage"] = "a" + new string('-', 250) + "/b:1"),
        new("image", "`a`, 120 × `._`, `:1`", s => s["image"] = "a" + Repeat("._", 120) + ":1"),
        new("sparkImagePullSecrets[].name", "1,300 × `a-.`", s => Add(s, "sparkImagePullSecrets", new JsonObject { ["name"] = Repeat("a-.", 1300) })),
        new("mainClass", "`A` and 2,000 × `.A`", s => s["mainClass"] = "A" + Repeat(".A", 2000)),
        new("mainApplicationFile", "`local:///`, 2,000 × `a/`, a space", s => s["mainApplicationFile"] = "local:///" + Repeat("a/", 2000) + " "),
        new("driver.labels (key)", "`a` and 62 dashes", s => Map(Role(s, "driver"), "labels")["a" + new string('-', 62)] = "x"),
        new("driver.labels (key)", "4,096 dashes", s => Map(Role(s, "driver"), "labels")[new string('-', 4096)] = "x"),
        new("executor.labels (value)", "`a`, 61 underscores, `.`", s => Map(Role(s, "executor"), "labels")["team"] = "a" + new string('_', 61) + "."),
        new("driver.annotations (key)", "a prefix of 126 × `a-`, `/x`", s => Map(Role(s, "driver"), "annotations")[Repeat("a-", 126) + "/x"] = "v"),
        new("executor.nodeSelector", "key `a` + 62 dashes, value `a` + 61 dots + `-`", s => Map(Role(s, "executor"), "nodeSelector")["a" + new string('-', 62)] = "a" + new string('.', 61) + "-"),
        new("driver.memory", "30 nines and `m`", s => Role(s, "driver")["memory"] = new string('9', 30) + "m"),
        new("executor.memoryOverhead", "`1` and 31 × `b`", s => Role(s, "executor")["memoryOverhead"] = "1" + new string('b', 31)),
        new("driver.coreLimit", "`1` and 63 zeros", s => Role(s, "driver")["coreLimit"] = "1" + new string('0', 63)),
        new("job.resources.limits (name)", "100 × `a.` and `/gpu`", s => Map(Map(Role(s, "job"), "resources"), "limits")[Repeat("a.", 100) + "/gpu"] = "1"),
        new("volumes[].name", "`a` and 4,000 dashes", s => Add(s, "volumes", new JsonObject { ["name"] = "a" + new string('-', 4000), ["emptyDir"] = new JsonObject() })),
        new("volumes[].persistentVolumeClaim.claimName", "2,000 × `a.`", s => Add(s, "volumes", new JsonObject { ["name"] = "claim", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = Repeat("a.", 2000) } })),
    ];

    /// <summary>The good application with <paramref name="input"/> in it.</summary>
    public static JsonObject App(Input input)
    {
        var app = Reviews.GoodApp();
        input.Apply(app["spec"]!.AsObject());
        return app;
    }

    /// <summary>The good application with every input at once: the most a single review has to judge here.</summary>
    public static JsonObject WorstApp()
    {
        var app = Reviews.GoodApp();
        foreach (var input in Inputs())
        {
            input.Apply(app["spec"]!.AsObject());
        }

        return app;
    }

    /// <summary><see cref="WorstApp"/> as the entity the validator gets.</summary>
    public static SparkApplication WorstEntity() => KubernetesJson.Deserialize<SparkApplication>(WorstApp().ToJsonString());

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static JsonObject Deps(JsonObject spec) => Map(spec, "deps");

    private static JsonObject Role(JsonObject spec, string role) => Map(spec, role);

    private static JsonObject Map(JsonObject parent, string name)
    {
        if (parent[name] is not JsonObject child)
        {
            child = new JsonObject();
            parent[name] = child;
        }

        return child;
    }

    private static void Add(JsonObject parent, string name, JsonNode item)
    {
        if (parent[name] is not JsonArray list)
        {
            list = new JsonArray();
            parent[name] = list;
        }

        list.Add(item);
    }
}
