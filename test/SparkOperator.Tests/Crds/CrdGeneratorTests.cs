using k8s;
using k8s.Models;
using SparkOperator.Framework.Crds;
using SparkOperator.Framework.Entities;

namespace SparkOperator.Tests.Crds;

public class CrdGeneratorTests
{
    [KubernetesEntity(Group = "example.dev", ApiVersion = "v1", Kind = "Widget")]
    [ClusterScoped]
    private sealed class Widget : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "example.dev/v1";
        public string Kind { get; set; } = "Widget";
        public V1ObjectMeta Metadata { get; set; } = new();
        public WidgetSpec Spec { get; set; } = new();
    }

    private sealed class WidgetSpec
    {
        public string? Color { get; set; }
    }

    [Test]
    public void Defaults_follow_the_kind()
    {
        var crd = CrdGenerator.Generate<Widget>();
        Assert.That(crd.Metadata.Name, Is.EqualTo("widgets.example.dev"));
        Assert.That(crd.Spec.Names.Plural, Is.EqualTo("widgets"));
        Assert.That(crd.Spec.Names.ShortNames, Is.Null);
        Assert.That(crd.Spec.Scope, Is.EqualTo("Cluster"));
    }

    [Test]
    public void Without_status_or_required_spec_fields_there_is_no_subresource_and_spec_is_optional()
    {
        var version = CrdGenerator.Generate<Widget>().Spec.Versions.Single();
        Assert.That(version.Subresources, Is.Null);
        Assert.That(version.AdditionalPrinterColumns, Is.Null);
        Assert.That(version.Schema.OpenAPIV3Schema.Required, Is.Null);
    }

    [Test]
    public void A_type_without_KubernetesEntity_is_refused() =>
        Assert.That(() => CrdGenerator.Generate(typeof(WidgetSpec)), Throws.ArgumentException);
}
