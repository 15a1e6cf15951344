using System.Text.Json;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Webhooks;

/// <summary>Odd but well-formed JSON objects must end in a verdict (allowed or field errors), never an exception.</summary>
public class HostileObjectTests
{
    [TestCase("{\"sparkConf\":{\"a\":\"1\",\"a\":\"2\"}}")]
    [TestCase("{\"driver\":{\"cores\":1e400}}")]
    [TestCase("{\"driver\":{\"cores\":99999999999}}")]
    [TestCase("{\"executor\":{\"instances\":-2147483648}}")]
    [TestCase("{\"args\":[null,\"a\"],\"volumes\":[null],\"sparkImagePullSecrets\":[null,{}]}")]
    [TestCase("{\"deps\":{\"packages\":[null],\"requirements\":[null,\"\"]}}")]
    [TestCase("{\"sparkConf\":{\"spark.x\":null}}")]
    [TestCase("{\"driver\":{\"volumeMounts\":[null,{}]},\"volumes\":[{}]}")]
    [TestCase("{\"driver\":null,\"executor\":null,\"job\":null,\"deps\":null}")]
    [TestCase("{\"job\":{\"resources\":{\"limits\":{\"cpu\":\"1e999\"}}}}")]
    [TestCase("{\"job\":{\"resources\":{\"limits\":{\"\":\"1\"}}}}")]
    [TestCase("{\"driver\":{\"coreLimit\":\"\"}}")]
    [TestCase("{\"executor\":{\"gpu\":{}}}")]
    [TestCase("{\"sparkImage\":\"a@b@c:d:e\",\"mainApplicationFile\":\"://\"}")]
    [TestCase("{\"mainApplicationFile\":\"s3a://\",\"mainClass\":\"...\"}")]
    public void Hostile_spec_gets_a_verdict(string spec)
    {
        foreach (var root in new[] { $"{{\"metadata\":{{\"name\":\"x\"}},\"spec\":{spec}}}", $"{{\"metadata\":\"x\",\"spec\":{spec}}}", "{\"spec\":null}", "{\"status\":{\"phase\":\"Running\"}}" })
        {
            using var document = JsonDocument.Parse(root);
            if (EntityJson.TryDeserialize<SparkApplication>(document.RootElement, out var application, out var error))
            {
                var result = new SparkApplicationAdmissionValidator().Validate(application!, application, AdmissionOperation.Update, dryRun: false, CancellationToken.None);
                Assert.That(result, Is.Not.Null);
                result = new SparkApplicationAdmissionValidator().Validate(application!, null, AdmissionOperation.Create, dryRun: false, CancellationToken.None);
                Assert.That(result, Is.Not.Null);
            }
            else
            {
                Assert.That(error, Is.Not.Null);
            }
        }
    }
}
