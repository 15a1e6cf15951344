using System.Text;

namespace SparkOperator.Framework.Manifests;

/// <summary>Writes an install bundle to disk so that regenerating it gives byte-for-byte the same files.</summary>
public static class ManifestWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes every file under <paramref name="root"/> (UTF-8 without BOM, LF) and deletes the other
    /// <c>*.yaml</c> files in the directories it wrote to, so a manifest dropped from the bundle goes too.
    /// </summary>
    /// <returns>The full paths written, sorted.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(string root, IEnumerable<ManifestFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var written = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = Path.GetFullPath(Path.Combine(root, file.Path));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, ManifestYaml.Lf(file.Content), Utf8NoBom, cancellationToken);
            written.Add(path);
        }

        foreach (var directory in written.Select(p => Path.GetDirectoryName(p)!).Distinct())
        {
            foreach (var stale in Directory.EnumerateFiles(directory, "*.yaml").Where(p => !written.Contains(p)))
            {
                File.Delete(stale);
            }
        }

        return [.. written];
    }
}
