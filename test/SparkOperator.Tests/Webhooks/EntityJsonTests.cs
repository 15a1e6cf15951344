using System.Text.Json;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Tests.Webhooks;

public class EntityJsonTests
{
    private static AdmissionError? ReadError(string spec)
    {
        using var document = JsonDocument.Parse($"{{\"apiVersion\":\"sparkoperator.dev/v1alpha1\",\"kind\":\"SparkApplication\",\"metadata\":{{\"name\":\"a\"}},\"spec\":{spec}}}");
        EntityJson.TryDeserialize<SparkApplication>(document.RootElement, out _, out var error);
        return error;
    }

    [TestCase("{\"driver\":{\"cores\":\"two\"}}", "spec.driver.cores", "got a string")]
    [TestCase("{\"mode\":\"batch\"}", "spec.mode", "got a string")]
    [TestCase("{\"mode\":1}", "spec.mode", "got a number")]
    [TestCase("{\"args\":\"--x\"}", "spec.args", "got a string")]
    [TestCase("{\"volumes\":[{\"name\":\"a\"},{\"name\":5}]}", "spec.volumes[1].name", "got a number")]
    [TestCase("{\"executor\":{\"coreLimit\":1.5}}", "spec.executor.coreLimit", "got a number")]
    [TestCase("{\"job\":{\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}}", "spec.job.resources.limits[cpu]", "got a string")]
    [TestCase("{\"sparkConf\":{\"a\":1}}", "spec.sparkConf[a]", "got a number")]
    [TestCase("{\"sparkConf\":{\"spark.master\":1}}", "spec.sparkConf[spark.master]", "got a number")]
    [TestCase("{\"driver\":{\"labels\":{\"app.kubernetes.io/name\":true}}}", "spec.driver.labels[app.kubernetes.io/name]", "got a boolean")]
    [TestCase("{\"executor\":{\"volumeMounts\":[{},{\"readOnly\":\"yes\"}]}}", "spec.executor.volumeMounts[1].readOnly", "got a string")]
    public void Wrong_type_is_reported_at_its_field_path(string spec, string path, string got)
    {
        var error = ReadError(spec);

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Path, Is.EqualTo(path));
        Assert.That(error.Message, Does.Contain(got));
    }

    [Test]
    public void Json_enum_names_and_quantities_are_read()
    {
        using var document = JsonDocument.Parse("{\"spec\":{\"mode\":\"cluster\",\"sparkImagePullPolicy\":\"Always\",\"executor\":{\"coreLimit\":2,\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":1073741824}}}}}");

        Assert.That(EntityJson.TryDeserialize<SparkApplication>(document.RootElement, out var application, out var error), Is.True, error?.ToString());
        Assert.That(application!.Spec.Mode, Is.EqualTo(DeployMode.Cluster));
        Assert.That(application.Spec.SparkImagePullPolicy, Is.EqualTo(ImagePullPolicy.Always));
        Assert.That(application.Spec.Executor!.CoreLimit!.Value, Is.EqualTo("2"));
        Assert.That(application.Spec.Executor.Resources!.Requests!["cpu"].ToString(), Is.EqualTo("500m"));
    }

    [Test]
    public void Non_object_is_an_error_at_the_root()
    {
        using var document = JsonDocument.Parse("[1]");

        Assert.That(EntityJson.TryDeserialize<SparkApplication>(document.RootElement, out _, out var error), Is.False);
        Assert.That(error!.Path, Is.Empty);
    }

    [TestCase("1", "1")]
    [TestCase("1500m", "1.5")]
    [TestCase("2Gi", "2147483648")]
    [TestCase("1e3", "1000")]
    [TestCase(".5", "0.5")]
    [TestCase("100k", "100000")]
    public void Quantities_parse_to_their_value(string text, string value)
    {
        Assert.That(KubernetesQuantity.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("")]
    [TestCase("abc")]
    [TestCase("-1")]
    [TestCase("1.2 cores")]
    [TestCase("1GB")]
    [TestCase("1e999")]
    public void Non_quantities_are_rejected(string text) => Assert.That(KubernetesQuantity.TryParse(text, out _), Is.False);
}
