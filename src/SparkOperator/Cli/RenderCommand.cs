using System.CommandLine;
using System.Text;
using k8s;
using SparkOperator.Entities;
using SparkOperator.Framework.Manifests;
using SparkOperator.Manifests;
using SparkOperator.Submission;

namespace SparkOperator.Cli;

/// <summary>
/// <c>render FILE [--attempt N]</c>: prints, offline, the objects the operator would create for
/// each SparkApplication in FILE (other kinds are skipped), as multi-document YAML.
/// </summary>
internal static class RenderCommand
{
    /// <summary>Namespace of an application whose manifest names none (as kubectl apply would).</summary>
    public const string DefaultNamespace = "default";

    /// <summary>Stands in for the uid the API server would assign, so output is deterministic.</summary>
    public const string PlaceholderUid = "00000000-0000-0000-0000-000000000000";

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A YAML manifest with one or more SparkApplications." };
        var attempt = new Option<int>("--attempt") { Description = "The attempt to render, counting from 1.", DefaultValueFactory = _ => 1 };
        attempt.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--attempt counts from 1.");
            }
        });
        var settings = new Option<string[]>("--set")
        {
            Description = "An operator setting as the operator would read it, KEY=VALUE (e.g. SparkUi:Ingress:Host={name}.{namespace}.spark.example.com); repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("render", "Print the Kubernetes objects the operator creates for the SparkApplications in a file, without a cluster.")
        {
            file,
            attempt,
            settings,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            string rendered;
            try
            {
                var options = RenderSettings.Read(parseResult.GetValue(settings) ?? []);
                rendered = Render(await File.ReadAllTextAsync(path, cancellationToken), parseResult.GetValue(attempt), options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"render: {e.Message}");
                return 1;
            }

            if (rendered.Length == 0)
            {
                await Console.Error.WriteLineAsync($"render: no {SparkApplication.ApiVersionString} SparkApplication in {path}");
                return 1;
            }

            await Console.Out.WriteAsync(rendered.AsMemory(), cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>The rendered objects of every SparkApplication in <paramref name="yaml"/>.</summary>
    public static string Render(string yaml, int attempt, SubmissionOptions? options = null)
    {
        var output = new StringBuilder();
        foreach (var app in ManifestReader.ReadSparkApplications(yaml))
        {
            WithDefaults(app);
            foreach (var item in SubmissionBuilder.Build(app, attempt, options).InApplyOrder())
            {
                output.Append("---\n").Append(SafeYaml.Serialize(item).TrimEnd('\n')).Append('\n');
            }
        }

        return output.ToString();
    }

    private static void WithDefaults(SparkApplication app)
    {
        app.Metadata.NamespaceProperty ??= DefaultNamespace;
        app.Metadata.Uid ??= PlaceholderUid;
    }
}
