using System.Globalization;
using SparkOperator.Entities;
using SparkOperator.Spark;

namespace SparkOperator.Submission;

/// <summary>Labels on everything built, and the selectors that find it again.</summary>
public static class SubmissionLabels
{
    public const string Name = OwnedLabels.Name;
    public const string Instance = OwnedLabels.Instance;
    public const string ManagedBy = OwnedLabels.ManagedBy;
    public const string Component = OwnedLabels.Component;
    public const string Attempt = OwnedLabels.Attempt;

    public const string NameValue = "spark";

    public const string RbacComponent = "rbac";
    public const string PodTemplatesComponent = "pod-templates";
    public const string SubmitComponent = "submit";
    public const string DriverComponent = "driver";
    public const string ExecutorComponent = "executor";
    public const string SparkUiComponent = "spark-ui";

    /// <summary>The labels of one component; <paramref name="attempt"/> null for per-application objects.</summary>
    public static Dictionary<string, string> For(SparkApplication app, string operatorName, string component, int? attempt)
    {
        ArgumentNullException.ThrowIfNull(app);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Name] = NameValue,
            [Instance] = ResourceNames.InstanceLabel(app.Metadata.Name),
            [ManagedBy] = operatorName,
            [Component] = component,
        };
        if (attempt is { } n)
        {
            labels[Attempt] = n.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    /// <summary>Selects everything of an application, all attempts.</summary>
    public static string ApplicationSelector(string app, string operatorName) =>
        $"{Instance}={ResourceNames.InstanceLabel(app)},{ManagedBy}={operatorName}";

    /// <summary>Selects the pods of one component (driver, executor, submit) of one attempt.</summary>
    public static string Selector(string app, string operatorName, string component, int attempt) =>
        $"{ApplicationSelector(app, operatorName)},{Component}={component},{Attempt}={attempt.ToString(CultureInfo.InvariantCulture)}";
}
