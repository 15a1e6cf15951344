using System.CommandLine;
using System.Text.Json;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Framework.Crds;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Manifests;
using SparkOperator.Validation;
using YamlDotNet.Core;

namespace SparkOperator.Cli;

/// <summary>
/// <c>validate FILE...</c>: checks manifests offline as <c>kubectl apply</c> would have them checked:
/// first against the CRD's schema, as the API server does with strict field validation (unknown
/// fields, types, enums, patterns, required fields, bounds), then with the admission webhook's rules.
/// SparkHistoryServers and ScheduledSparkApplications are checked the same way against their own CRDs; other documents are skipped. Prints <c>file: namespace/name: path: message</c>
/// per error (and <c>... warning: ...</c> per warning); exits 1 when any application would be refused
/// or a file cannot be read.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>The findings for one file.</summary>
    internal sealed record Report(int Applications, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

    /// <summary>The schema the API server checks against: the CRD generated from the entity classes, in memory.</summary>
    private static readonly Lazy<V1JSONSchemaProps> Schema =
        new(() => InstallManifests.Crd(null).Spec.Versions.Single().Schema.OpenAPIV3Schema);

    private static readonly Lazy<V1JSONSchemaProps> HistorySchema =
        new(() => InstallManifests.HistoryCrd(null).Spec.Versions.Single().Schema.OpenAPIV3Schema);

    private static readonly SparkHistoryServerAdmissionValidator HistoryValidator = new();

    private static readonly Lazy<V1JSONSchemaProps> ScheduledSchema =
        new(() => InstallManifests.ScheduledCrd(null).Spec.Versions.Single().Schema.OpenAPIV3Schema);

    /// <summary>Scheduled applications are checked with the default pod policy, as applications are.</summary>
    private static readonly ScheduledSparkApplicationAdmissionValidator ScheduledValidator = new();

    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "YAML or JSON manifests (multi-document YAML allowed)." };
        var command = new Command("validate", "Check SparkApplication manifests against the CRD's schema and the admission webhook's rules, without a cluster.") { files };
        command.SetAction(parseResult => Run(parseResult.GetValue(files) ?? [], Console.Out, Console.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> files, TextWriter output, TextWriter error)
    {
        var validator = new SparkApplicationAdmissionValidator();
        var failed = false;
        var applications = 0;
        foreach (var file in files)
        {
            Report report;
            try
            {
                report = Check(file, File.ReadAllText(file), validator);
            }
            catch (IOException e)
            {
                report = new Report(0, [$"{file}: cannot be read: {e.Message}"], []);
            }
            catch (UnauthorizedAccessException e)
            {
                report = new Report(0, [$"{file}: cannot be read: {e.Message}"], []);
            }

            applications += report.Applications;
            failed |= report.Errors.Count > 0;
            foreach (var line in report.Errors.Concat(report.Warnings))
            {
                output.WriteLine(line);
            }
        }

        error.WriteLine($"{applications} SparkApplication(s), SparkHistoryServer(s) and ScheduledSparkApplication(s) checked: {(failed ? "some would be denied" : "all would be admitted")}");
        return failed ? 1 : 0;
    }

    /// <summary>
    /// Validates every SparkApplication in <paramref name="text"/> as the API server would on CREATE:
    /// the schema, then (when it holds) the webhook's rules. Without <paramref name="checkSchema"/>,
    /// the webhook's rules alone, as against a CRD installed without a schema.
    /// </summary>
    internal static Report Check(string file, string text, SparkApplicationAdmissionValidator validator, bool checkSchema = true)
    {
        IReadOnlyList<ManifestReader.Document> documents;
        try
        {
            documents = ManifestReader.ReadDocuments(text);
        }
        catch (Exception e) when (e is YamlException or FormatException)
        {
            return new Report(0, [$"{file}: not valid YAML: {e.Message}"], []);
        }

        var errors = new List<string>();
        var warnings = new List<string>();
        var applications = 0;
        foreach (var document in documents)
        {
            var content = document.Json;
            var kind = IsOurs(content, SparkApplication.KindName) ? SparkApplication.KindName
                : IsOurs(content, SparkHistoryServer.KindName) ? SparkHistoryServer.KindName
                : IsOurs(content, ScheduledSparkApplication.KindName) ? ScheduledSparkApplication.KindName
                : null;
            if (kind is null)
            {
                continue;
            }

            applications++;
            var name = Describe(content, document.Index);
            var schema = kind == SparkApplication.KindName ? Schema.Value
                : kind == SparkHistoryServer.KindName ? HistorySchema.Value
                : ScheduledSchema.Value;

            // The API server refuses (or, without strict validation, prunes) before any webhook is asked.
            var schemaErrors = checkSchema ? SchemaValidator.Validate(schema, content) : [];

            // Strict decoding refuses unknown fields before the schema's other checks run, so the
            // server names only those; a Kubeflow-style spec reads as its unknown fields, not as
            // every required field it lacks.
            var unknown = schemaErrors.Where(e => e.EndsWith(": unknown field", StringComparison.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                schemaErrors = unknown;
            }

            if (schemaErrors.Count > 0)
            {
                errors.AddRange(schemaErrors.Select(e => $"{file}: {name}: {e}"));
                continue;
            }

            // Offline there is no API server waiting: no budget.
            var json = JsonSerializer.SerializeToElement(content);
            AdmissionResult result;
            AdmissionError? readError;
            if (kind == ScheduledSparkApplication.KindName)
            {
                result = EntityJson.TryDeserialize<ScheduledSparkApplication>(json, out var schedule, out readError)
                    ? ScheduledValidator.Validate(schedule!, null, AdmissionOperation.Create, dryRun: true, CancellationToken.None)
                    : new AdmissionResult();
            }
            else if (kind == SparkApplication.KindName)
            {
                result = EntityJson.TryDeserialize<SparkApplication>(json, out var application, out readError)
                    ? validator.Validate(application!, null, AdmissionOperation.Create, dryRun: true, CancellationToken.None)
                    : new AdmissionResult();
            }
            else
            {
                result = EntityJson.TryDeserialize<SparkHistoryServer>(json, out var server, out readError)
                    ? HistoryValidator.Validate(server!, null, AdmissionOperation.Create, dryRun: true, CancellationToken.None)
                    : new AdmissionResult();
            }

            if (readError is not null)
            {
                errors.Add($"{file}: {name}: {readError}");
                continue;
            }

            errors.AddRange(result.Errors.Select(e => $"{file}: {name}: {e}"));
            warnings.AddRange(result.Warnings.Select(w => $"{file}: {name}: warning: {w}"));
        }

        return new Report(applications, errors, warnings);
    }

    private static bool IsOurs(System.Text.Json.Nodes.JsonObject content, string kind) =>
        content["apiVersion"]?.GetValueKind() == JsonValueKind.String && (string?)content["apiVersion"] == SparkApplication.ApiVersionString
        && content["kind"]?.GetValueKind() == JsonValueKind.String && (string?)content["kind"] == kind;

    private static string Describe(System.Text.Json.Nodes.JsonObject content, int index)
    {
        var metadata = content["metadata"] as System.Text.Json.Nodes.JsonObject;
        var name = metadata?["name"]?.GetValueKind() == JsonValueKind.String ? (string?)metadata["name"] : null;
        var ns = metadata?["namespace"]?.GetValueKind() == JsonValueKind.String ? (string?)metadata["namespace"] : null;
        return name is null ? $"document {index + 1}" : ns is null ? name : $"{ns}/{name}";
    }
}
