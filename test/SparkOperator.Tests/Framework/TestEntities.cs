using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Tests.Framework;

[KubernetesEntity(Group = "test.sparkoperator.dev", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
public sealed class Widget : CustomKubernetesEntity<WidgetSpec, WidgetStatus>
{
    public static Widget Make(string name, string rv, string ns = "ns", long generation = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, ResourceVersion = rv, Generation = generation, Uid = $"uid-{name}" },
    };
}

public sealed class WidgetSpec
{
    public string? Message { get; set; }

    public int? Count { get; set; }
}

public sealed class WidgetStatus
{
    public string? Message { get; set; }
}
