using SparkOperator.Framework.Entities;

namespace SparkOperator.Entities;

[Description("Settings of the driver pod.")]
public sealed class DriverSpec : RoleSpec
{
    [Description("An existing ServiceAccount of the application's namespace that spark-submit, the driver and the executors run as (executors without an API token), e.g. one carrying a cloud workload identity. The operator then makes no ServiceAccount or RoleBinding; the account needs the rights of the ClusterRole spark-operator-driver, and the namespace's admin must mark it with the label sparkoperator.dev/usable-by-spark-applications=true unless the operator's policy allows any account. Unset, the operator makes <app>-spark.")]
    public string? ServiceAccountName { get; set; }
}
