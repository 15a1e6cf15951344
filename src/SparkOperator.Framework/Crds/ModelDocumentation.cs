using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace SparkOperator.Framework.Crds;

/// <summary>
/// Descriptions of types and properties read from a compiler XML documentation file, such as the
/// <c>KubernetesClient.xml</c> the KubernetesClient package ships, whose summaries are the
/// Kubernetes API's own field descriptions.
/// </summary>
public sealed class ModelDocumentation
{
    private readonly Dictionary<string, string> summaries;

    private ModelDocumentation(Dictionary<string, string> summaries) => this.summaries = summaries;

    /// <summary>How many summaries were read.</summary>
    public int Count => summaries.Count;

    /// <summary>Reads an XML documentation file.</summary>
    /// <param name="path">The file, e.g. <c>KubernetesClient.xml</c>.</param>
    public static ModelDocumentation Load(string path)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            var summary = member.Element("summary");
            if (name is not null && summary is not null)
            {
                summaries[name] = Normalize(summary);
            }
        }

        return new ModelDocumentation(summaries);
    }

    /// <summary>
    /// The documentation of <paramref name="assembly"/> if its XML file lies next to it (NuGet packages
    /// copy it there with <c>CopyDocumentationFilesFromPackages</c>), else null.
    /// </summary>
    public static ModelDocumentation? ForAssembly(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        return File.Exists(path) ? Load(path) : null;
    }

    /// <summary>The summary of a type, or null.</summary>
    public string? Describe(Type type) => summaries.GetValueOrDefault("T:" + type.FullName);

    /// <summary>The summary of a property, looked up on the type that declares it, or null.</summary>
    public string? Describe(PropertyInfo property) =>
        summaries.GetValueOrDefault($"P:{property.DeclaringType?.FullName}.{property.Name}");

    // Summaries are wrapped at ~80 columns: rejoin lines into paragraphs, keep blank-line breaks.
    private static string Normalize(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement e when e.Attribute("cref") is { } cref => cref.Value[(cref.Value.LastIndexOf('.') + 1)..],
                XElement e => e.Value,
                _ => "",
            });
        }

        var paragraphs = text.ToString().Replace("\r", "", StringComparison.Ordinal)
            .Split("\n")
            .Select(l => l.Trim())
            .Aggregate(new List<List<string>> { new() }, (acc, line) =>
            {
                if (line.Length == 0)
                {
                    acc.Add([]);
                }
                else
                {
                    acc[^1].Add(line);
                }

                return acc;
            })
            .Where(p => p.Count > 0)
            .Select(p => string.Join(' ', p));
        return string.Join("\n\n", paragraphs);
    }
}
