using System.CommandLine;
using SparkOperator.Hosting;

namespace SparkOperator.Cli;

/// <summary><c>run</c>: the operator, its webhook, /metrics, /healthz and /readyz in one host.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the operator (controllers, admission webhook, metrics and probes).");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = OperatorHost.Build(OperatorHost.CreateBuilder(parseResult.UnmatchedTokens.ToArray()));
            await app.RunAsync(cancellationToken);
            return 0;
        });
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }
}
