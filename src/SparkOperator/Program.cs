using System.CommandLine;
using SparkOperator.Cli;

var root = new RootCommand("SparkOperator: runs Apache Spark applications on Kubernetes.")
{
    RunCommand.Create(),
    GenerateCommand.Create(),
    RenderCommand.Create(),
    ValidateCommand.Create(),
    LogsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
