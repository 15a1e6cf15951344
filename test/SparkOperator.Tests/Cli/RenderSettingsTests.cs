using SparkOperator.Cli;

namespace SparkOperator.Tests.Cli;

/// <summary><c>render --set</c>: what a configured operator would build, settings checked as at its start.</summary>
public class RenderSettingsTests
{
    private static readonly string Sample = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "samples", "spark-pi-ui.yaml"));

    [Test]
    public void The_ui_sample_renders_its_service_and_with_an_ingress_setting_its_ingress()
    {
        var plain = RenderCommand.Render(Sample, 1);
        Assert.That(plain, Does.Contain("kind: Service\n").And.Not.Contain("kind: Ingress"));

        var configured = RenderCommand.Render(Sample, 1, RenderSettings.Read(["SparkUi:Ingress:Host={name}.{namespace}.spark.example.com", "SparkUi:Ingress:ClassName=nginx"]));
        Assert.That(configured, Does.Contain("kind: Ingress\n").And.Contain("host: spark-pi-monitored.default.spark.example.com").And.Contain("ingressClassName: nginx"));
    }

    [Test]
    public void A_malformed_or_refused_setting_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => RenderSettings.Read(["SparkUi:Ingress:Host"]));
        var refused = Assert.Throws<InvalidOperationException>(() => RenderSettings.Read(["SparkUi:Ingress:Host=spark.example.com"]));
        Assert.That(refused!.Message, Does.Contain("SparkUi:Ingress:Host"));
    }
}
