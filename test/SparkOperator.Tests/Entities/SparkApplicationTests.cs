using k8s;
using SparkOperator.Entities;

namespace SparkOperator.Tests.Entities;

public class SparkApplicationTests
{
    [Test]
    public void New_entity_carries_its_api_version_and_kind()
    {
        var app = new SparkApplication();
        Assert.That(app.ApiVersion, Is.EqualTo("sparkoperator.dev/v1alpha1"));
        Assert.That(app.Kind, Is.EqualTo("SparkApplication"));
    }

    [Test]
    public void Deploy_mode_serialises_in_lower_case()
    {
        var app = new SparkApplication { Spec = { Mode = DeployMode.Cluster } };
        Assert.That(KubernetesJson.Serialize(app), Does.Contain("\"mode\":\"cluster\""));
    }
}
