using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Dependencies of the application.")]
public sealed class Dependencies
{
    [Description("pip requirement specifiers (e.g. tabulate==0.8.9), installed by an init container into a shared volume on PYTHONPATH of the driver and executors.")]
    public IList<string>? Requirements { get; set; }

    [Description("Maven coordinates group:artifact:version resolved by spark-submit (--packages).")]
    public IList<string>? Packages { get; set; }

    [Description("Extra Maven repository URLs searched for packages (--repositories).")]
    public IList<string>? Repositories { get; set; }

    [Description("Maven group:artifact pairs left out when resolving packages (--exclude-packages).")]
    public IList<string>? ExcludePackages { get; set; }
}
