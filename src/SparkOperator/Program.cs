using System.CommandLine;
using SparkOperator.Cli;

var root = new RootCommand("SparkOperator: runs Apache Spark applications on Kubernetes.")
{
    RunCommand.Create(),
    ValidateCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
