using System.CommandLine;
using System.Text;
using k8s;
using SparkOperator.Entities;
using SparkOperator.Framework.Manifests;
using SparkOperator.History;
using SparkOperator.Manifests;
using SparkOperator.Submission;

namespace SparkOperator.Cli;

/// <summary>
/// <c>render FILE [--attempt N]</c>: prints, offline, the objects the operator would create for
/// each SparkApplication and SparkHistoryServer in FILE (other kinds are skipped), as multi-document YAML.
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
                await Console.Error.WriteLineAsync($"render: no {SparkApplication.ApiVersionString} SparkApplication or SparkHistoryServer in {path}");
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
        foreach (var document in ManifestReader.ReadDocuments(yaml))
        {
            IEnumerable<object> items;
            if (document.IsSparkApplication)
            {
                var app = document.ToSparkApplication();
                WithDefaults(app.Metadata);
                items = SubmissionBuilder.Build(app, attempt, options).InApplyOrder();
            }
            else if (document.IsSparkHistoryServer)
            {
                // A history server has no attempts: --attempt does not change it.
                var server = document.ToSparkHistoryServer();
                WithDefaults(server.Metadata);
                items = HistoryServerBuilder.Build(server, options).InApplyOrder();
            }
            else
            {
                continue;
            }

            foreach (var item in items)
            {
                output.Append("---\n").Append(SafeYaml.Serialize(item).TrimEnd('\n')).Append('\n');
            }
        }

        return output.ToString();
    }

    private static void WithDefaults(k8s.Models.V1ObjectMeta metadata)
    {
        metadata.NamespaceProperty ??= DefaultNamespace;
        metadata.Uid ??= PlaceholderUid;
    }
}
