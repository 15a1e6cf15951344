namespace SparkOperator.Framework.Manifests;

/// <summary>An image a kustomization rewrites: every container image named <see cref="Name"/> becomes <c>NewName:NewTag</c>.</summary>
/// <param name="Name">The image name used in the manifests (without tag).</param>
/// <param name="NewName">The image to use instead.</param>
/// <param name="NewTag">The tag to use.</param>
public sealed record KustomizeImage(string Name, string NewName, string NewTag);

/// <summary>Writes <c>kustomization.yaml</c> files (kustomize.config.k8s.io/v1beta1).</summary>
public static class Kustomization
{
    /// <summary>A kustomization listing <paramref name="resources"/> in the given order, with optional image rewrites.</summary>
    /// <param name="resources">Files or directories, relative to the kustomization.</param>
    /// <param name="images">Image rewrites, or null.</param>
    public static string Render(IEnumerable<string> resources, IEnumerable<KustomizeImage>? images = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var lines = new List<string>
        {
            "apiVersion: kustomize.config.k8s.io/v1beta1",
            "kind: Kustomization",
            "resources:",
        };
        lines.AddRange(resources.Select(r => $"- {r}"));
        var imageList = images?.ToList() ?? [];
        if (imageList.Count > 0)
        {
            lines.Add("images:");
            foreach (var image in imageList)
            {
                lines.Add($"- name: {image.Name}");
                lines.Add($"  newName: {image.NewName}");
                lines.Add($"  newTag: \"{image.NewTag}\"");
            }
        }

        return string.Join("\n", lines) + "\n";
    }
}
