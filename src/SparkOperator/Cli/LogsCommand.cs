using System.CommandLine;
using k8s;
using SparkOperator.Framework.Client;

namespace SparkOperator.Cli;

/// <summary>
/// <c>logs NAME [-n NAMESPACE] [--attempt N] [--no-executors] [--tail N] [--kubeconfig FILE]</c>:
/// prints an application's submit, driver and executor logs through the API server, so they can be
/// read after the run without knowing the pods' names (the operator keeps them until the
/// application's time to live, or its deletion).
/// </summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The SparkApplication." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Its namespace; default: the kubeconfig context's, else default." };
        var attempt = new Option<int?>("--attempt") { Description = "The attempt, counting from 1; default: the current one (status.attempt)." };
        var noExecutors = new Option<bool>("--no-executors") { Description = "Only the submit pod and the driver." };
        var tail = new Option<int?>("--tail") { Description = "Only the last N lines of each log." };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "The kubeconfig; default: KUBECONFIG, ~/.kube/config, else in-cluster." };
        attempt.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) { r.AddError("--attempt counts from 1."); } });
        tail.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0) { r.AddError("--tail is a number of lines, 0 or more."); } });
        var command = new Command("logs", "Print a SparkApplication's submit, driver and executor logs.") { name, ns, attempt, noExecutors, tail, kubeconfig };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var config = parseResult.GetValue(kubeconfig) is { } file
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file.FullName)
                : KubernetesClientConfiguration.BuildDefaultConfig();
            using var client = KubernetesClientFactory.Create(config);
            var request = new ApplicationLogs.Request(
                parseResult.GetValue(ns) ?? config.Namespace ?? "default",
                parseResult.GetValue(name)!,
                parseResult.GetValue(attempt),
                Executors: !parseResult.GetValue(noExecutors),
                TailLines: parseResult.GetValue(tail));
            return await new ApplicationLogs(client, Console.Out, Console.Error).PrintAsync(request, cancellationToken);
        });
        return command;
    }
}
