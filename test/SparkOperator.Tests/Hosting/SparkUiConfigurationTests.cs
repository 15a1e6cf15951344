using Microsoft.Extensions.Configuration;
using SparkOperator.Hosting;
using SparkOperator.Policy;

namespace SparkOperator.Tests.Hosting;

/// <summary>The SparkUi:Ingress settings: read as the Deployment sets them, and refused at start when two applications could share an address.</summary>
public class SparkUiConfigurationTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Test]
    public void No_host_means_no_ingress()
    {
        var ui = OperatorSettings.ReadSubmission(Config([]), PodPolicy.Default).SparkUi;
        Assert.That(ui.IngressConfigured, Is.False);
        Assert.That(SparkUiConfiguration.Read(Config(new() { ["SparkUi:Ingress:Host"] = " " })).IngressConfigured, Is.False);
    }

    [Test]
    public void Every_setting_reaches_the_options()
    {
        var ui = OperatorSettings.ReadSubmission(
            Config(new()
            {
                ["SparkUi:Ingress:Host"] = " spark.example.com ",
                ["SparkUi:Ingress:Path"] = "/spark/{namespace}/{name}",
                ["SparkUi:Ingress:ClassName"] = "traefik",
                ["SparkUi:Ingress:TlsSecretName"] = "spark-tls",
                ["SparkUi:Ingress:Annotations:traefik.ingress.kubernetes.io/router.middlewares"] = "spark-strip@kubernetescrd",
            }),
            PodPolicy.Default).SparkUi;

        Assert.That(ui.Host, Is.EqualTo("spark.example.com"));
        Assert.That(ui.Path, Is.EqualTo("/spark/{namespace}/{name}"));
        Assert.That(ui.ClassName, Is.EqualTo("traefik"));
        Assert.That(ui.TlsSecretName, Is.EqualTo("spark-tls"));
        Assert.That(ui.Scheme, Is.EqualTo("https"));
        Assert.That(ui.Annotations, Is.EqualTo(new Dictionary<string, string> { ["traefik.ingress.kubernetes.io/router.middlewares"] = "spark-strip@kubernetescrd" }));
    }

    [TestCase("{name}.{namespace}.spark.example.com", null)]
    [TestCase("{namespace}.spark.example.com", "/{name}")]
    [TestCase("spark.example.com", "/ui/{name}/of/{namespace}/")]
    public void Templates_naming_each_application_once_are_accepted(string host, string? path)
    {
        var ui = SparkUiConfiguration.Read(Config(new() { ["SparkUi:Ingress:Host"] = host, ["SparkUi:Ingress:Path"] = path }));
        Assert.That(ui.IngressConfigured);
    }

    // {name}-{namespace} (name a-b in namespace c, name a in namespace b-c) is refused as a host
    // already: the label is too long for the longest name and namespace.
    [TestCase("{name}.spark.example.com", null, "{namespace}")]
    [TestCase("spark.example.com", "/spark/{name}", "{namespace}")]
    [TestCase("{name}.{namespace}.example.com", "/{name}", "{name}")]
    [TestCase("spark.example.com", "/spark/{namespace}-{name}", "{namespace}")]
    public void Templates_that_could_give_two_applications_one_address_stop_the_operator(string host, string? path, string placeholder)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SparkUiConfiguration.Read(Config(new() { ["SparkUi:Ingress:Host"] = host, ["SparkUi:Ingress:Path"] = path })));
        Assert.That(error!.Message, Does.Contain("SparkUi:Ingress:Host and SparkUi:Ingress:Path").And.Contain(placeholder).And.Contain("exactly once"));
    }

    [TestCase("SparkUi:Ingress:Host", "Spark_UI.{name}.{namespace}")]
    [TestCase("SparkUi:Ingress:Host", "{name}.{namespace}.{other}.example.com")]
    [TestCase("SparkUi:Ingress:Host", "{name}-{namespace}.spark.example.com")]
    [TestCase("SparkUi:Ingress:Path", "spark/{namespace}/{name}")]
    [TestCase("SparkUi:Ingress:Path", "/spark/{namespace}/{name}?x=1")]
    [TestCase("SparkUi:Ingress:ClassName", "Not A Class")]
    [TestCase("SparkUi:Ingress:TlsSecretName", "tls_secret")]
    public void A_value_the_api_server_would_refuse_stops_the_operator_naming_the_setting(string key, string value)
    {
        var values = new Dictionary<string, string?> { ["SparkUi:Ingress:Host"] = "{name}.{namespace}.example.com", [key] = value };
        if (key == "SparkUi:Ingress:Path")
        {
            values["SparkUi:Ingress:Host"] = "example.com";
        }

        var error = Assert.Throws<InvalidOperationException>(() => SparkUiConfiguration.Read(Config(values)));
        Assert.That(error!.Message, Does.StartWith($"Setting {key} is '{value}'"));
    }

    [Test]
    public void A_host_too_long_for_the_longest_name_and_namespace_stops_the_operator()
    {
        var host = "{name}.{namespace}." + string.Join('.', Enumerable.Repeat(new string('d', 60), 3));
        var error = Assert.Throws<InvalidOperationException>(() => SparkUiConfiguration.Read(Config(new() { ["SparkUi:Ingress:Host"] = host })));
        Assert.That(error!.Message, Does.Contain("253"));
    }
}
