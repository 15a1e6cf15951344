using System.CommandLine;
using k8s.Models;
using SparkOperator.Framework.Crds;
using SparkOperator.Framework.Manifests;
using SparkOperator.Manifests;

namespace SparkOperator.Cli;

/// <summary><c>generate</c>: writes the install manifests (CRD, RBAC, Deployment, webhook, kustomizations).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Directory to write into (crd/, rbac/, manager/, webhook/, default/).",
            DefaultValueFactory = _ => new DirectoryInfo("config"),
        };
        var command = new Command("generate", "Generate the install manifests from the entity classes and RBAC attributes.");
        command.Options.Add(output);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var documentation = Documentation();
            if (documentation is null)
            {
                // Without it the CRD would lose Kubernetes' field descriptions and differ from the committed one.
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    "KubernetesClient.xml is not next to the binary; build with CopyDocumentationFilesFromPackages=true.");
                return 1;
            }

            var root = parseResult.GetValue(output)!.FullName;
            var written = await ManifestWriter.WriteAsync(root, InstallManifests.Build(documentation), cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Wrote {written.Count} files under {root}.");
            return 0;
        });
        return command;
    }

    private static readonly Lazy<ModelDocumentation?> KubernetesDocumentation =
        new(() => ModelDocumentation.ForAssembly(typeof(V1Pod).Assembly));

    /// <summary>
    /// KubernetesClient's XML docs (the Kubernetes fields' descriptions), copied next to the binary at
    /// build time; null if missing. Read once: the file is 25 MB.
    /// </summary>
    public static ModelDocumentation? Documentation() => KubernetesDocumentation.Value;
}
