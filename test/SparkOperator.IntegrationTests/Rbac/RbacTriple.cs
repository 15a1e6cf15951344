using System.Text.Json.Nodes;
using SparkOperator.IntegrationTests.Harness;

namespace SparkOperator.IntegrationTests.Rbac;

/// <summary>One verb on one resource of one API group: what an RBAC rule grants and an audited request uses.</summary>
public sealed record RbacTriple(string Group, string Resource, string Verb)
{
    /// <summary>The triples a generated Role or ClusterRole file grants, its rules expanded (resourceNames are not part of a triple).</summary>
    public static IReadOnlySet<RbacTriple> Granted(string path)
    {
        var role = TestManifests.Load(path).Single();
        return (from rule in role["rules"]!.AsArray().Cast<JsonObject>()
                from g in Strings(rule["apiGroups"])
                from r in Strings(rule["resources"])
                from v in Strings(rule["verbs"])
                select new RbacTriple(g, r, v)).ToHashSet();
    }

    public override string ToString() => $"({(Group.Length == 0 ? "core" : Group)}, {Resource}, {Verb})";

    private static IEnumerable<string> Strings(JsonNode? list) => list?.AsArray().Select(n => (string)n!) ?? [];
}
