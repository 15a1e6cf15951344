using k8s.Models;
using SparkOperator.Framework.Entities;

namespace SparkOperator.IntegrationTests.Framework;

/// <summary>A test-only custom resource; its CRD is <c>Crds.Schemaless&lt;Widget&gt;()</c>.</summary>
[KubernetesEntity(Group = "framework.test.sparkoperator.dev", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
public sealed class Widget : CustomKubernetesEntity<WidgetSpec, WidgetStatus>
{
    public static Widget Make(string ns, string name, string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new WidgetSpec { Message = message },
    };
}

public sealed class WidgetSpec
{
    public string? Message { get; set; }

    /// <summary>An int32 the schemaless test CRD does not check: a test stores 2147483648 in it, as a real API server may.</summary>
    public int? Count { get; set; }
}

public sealed class WidgetStatus
{
    public string? Message { get; set; }

    public long? ObservedGeneration { get; set; }
}
