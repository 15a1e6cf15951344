using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Hosting;
using SparkOperator.Tests.Validation;

namespace SparkOperator.Tests.Webhooks;

/// <summary>The webhook over real Kestrel and TLS, started from OperatorHost with a development certificate.</summary>
[NonParallelizable]
public class ValidatingWebhookServerTests
{
    private static readonly string Path = OperatorDefaults.ValidateSparkApplicationPath;
    private WebhookHost host = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        host = await WebhookHost.StartAsync("--Webhook:DevelopmentCertificate=true");
        client = WebhookHost.ClientTrusting(host.App.Services.GetRequiredService<DevelopmentCertificateAuthority>().CaCertificate);
        client.BaseAddress = host.HttpsBase;
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    private async Task<JsonNode> ReviewAsync(JsonNode review)
    {
        using var response = await client.PostAsync(Path, new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        var answer = JsonNode.Parse(body)!;
        Assert.That((string?)answer["apiVersion"], Is.EqualTo("admission.k8s.io/v1"));
        Assert.That((string?)answer["kind"], Is.EqualTo("AdmissionReview"));
        return answer["response"]!;
    }

    [Test]
    public async Task Valid_application_is_allowed_and_the_uid_echoed()
    {
        var response = await ReviewAsync(AdmissionReviews.Create("uid-allowed", AdmissionReviews.ToNode(ValidApplication.Create())));

        Assert.That((string?)response["uid"], Is.EqualTo("uid-allowed"));
        Assert.That((bool?)response["allowed"], Is.True);
        Assert.That(response["status"], Is.Null);
        Assert.That(response["warnings"], Is.Null);
    }

    [Test]
    public async Task Invalid_application_is_denied_with_422_and_every_error()
    {
        var application = ValidApplication.Create();
        application.Spec.Mode = DeployMode.Client;
        application.Spec.Executor!.VolumeMounts![1].Name = "nope";
        application.Spec.Deps!.Requirements = ["-r /etc/passwd"];

        var response = await ReviewAsync(AdmissionReviews.Create("uid-denied", AdmissionReviews.ToNode(application)));

        Assert.That((string?)response["uid"], Is.EqualTo("uid-denied"));
        Assert.That((bool?)response["allowed"], Is.False);
        var status = response["status"]!;
        Assert.That((int?)status["code"], Is.EqualTo(422));
        Assert.That((string?)status["reason"], Is.EqualTo("Invalid"));
        Assert.That((string?)status["status"], Is.EqualTo("Failure"));
        var message = (string?)status["message"];
        Assert.That(message, Does.Contain("spec.mode: only cluster mode is supported")
            .And.Contain("spec.executor.volumeMounts[1].name: refers to volume 'nope'")
            .And.Contain("spec.deps.requirements[0]: '-r /etc/passwd' must be a pip requirement"));
        var fields = status["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]).ToList();
        Assert.That(fields, Is.EquivalentTo(new[] { "spec.mode", "spec.executor.volumeMounts[1].name", "spec.deps.requirements[0]" }));
        Assert.That((string?)status["details"]!["kind"], Is.EqualTo("SparkApplication"));
    }

    [TestCase(2046, false, "must be a pip requirement specifier")]
    [TestCase(2046, true, "must be a pip requirement specifier")]
    [TestCase(4094, true, "must be at most 2048 characters, the limit for a pip requirement")]
    public async Task Backtracking_bait_is_denied_with_its_reason_dry_run_or_not(int spaces, bool dryRun, string reason)
    {
        var application = ValidApplication.Create();
        application.Spec.Deps!.Requirements = ["a" + new string(' ', spaces) + "|"];
        var review = AdmissionReviews.Create("uid-bait", AdmissionReviews.ToNode(application));
        review["request"]!["dryRun"] = dryRun;

        var response = await ReviewAsync(review);

        Assert.That((bool?)response["allowed"], Is.False);
        Assert.That((int?)response["status"]!["code"], Is.EqualTo(422));
        Assert.That((string?)response["status"]!["message"], Does.StartWith("spec.deps.requirements[0]: ").And.Contain(reason));
    }

    [Test]
    public async Task Latest_image_is_allowed_with_a_warning()
    {
        var application = ValidApplication.Create();
        application.Spec.SparkImage = "apache/spark:latest";
        application.Spec.Args = ["'quoted'"];

        var response = await ReviewAsync(AdmissionReviews.Create("uid-warn", AdmissionReviews.ToNode(application)));

        Assert.That((bool?)response["allowed"], Is.True);
        var warnings = response["warnings"]!.AsArray().Select(w => (string)w!).ToList();
        Assert.That(warnings, Has.Count.EqualTo(2));
        Assert.That(warnings[0], Does.StartWith("spec.sparkImage: apache/spark:latest uses the tag latest"));
        Assert.That(warnings[1], Does.StartWith("spec.args[0]: is wrapped in quotes"));
    }

    [Test]
    public async Task Value_of_the_wrong_type_is_a_denial_at_its_path_not_a_server_error()
    {
        var obj = AdmissionReviews.ToNode(ValidApplication.Create());
        obj["spec"]!["driver"]!["cores"] = "two";

        var response = await ReviewAsync(AdmissionReviews.Create("uid-type", obj));

        Assert.That((bool?)response["allowed"], Is.False);
        Assert.That((string?)response["status"]!["details"]!["causes"]![0]!["field"], Is.EqualTo("spec.driver.cores"));
        Assert.That((string?)response["status"]!["message"], Is.EqualTo("spec.driver.cores: has the wrong type or format (got a string)"));
    }

    [Test]
    public async Task Spec_change_of_a_running_application_is_denied_but_a_label_change_is_not()
    {
        var old = ValidApplication.Create();
        old.Status = new SparkApplicationStatus { Phase = ApplicationPhase.Running, SubmitJobName = "app-1" };
        var changed = AdmissionReviews.ToNode(old);
        changed["spec"]!["args"] = new JsonArray("5");
        var labelled = AdmissionReviews.ToNode(old);
        labelled["metadata"]!["labels"] = new JsonObject { ["team"] = "x" };

        var denied = await ReviewAsync(AdmissionReviews.Create("uid-update", changed, "UPDATE", AdmissionReviews.ToNode(old)));
        var allowed = await ReviewAsync(AdmissionReviews.Create("uid-label", labelled, "UPDATE", AdmissionReviews.ToNode(old)));

        Assert.That((bool?)denied["allowed"], Is.False);
        Assert.That((string?)denied["status"]!["message"], Does.StartWith("spec: cannot be changed after the application was submitted (phase Running; changed: args)"));
        Assert.That((bool?)allowed["allowed"], Is.True);
    }

    [Test]
    public async Task Delete_is_allowed()
    {
        var response = await ReviewAsync(AdmissionReviews.Create("uid-delete", null, "DELETE", AdmissionReviews.ToNode(ValidApplication.Create())));

        Assert.That((bool?)response["allowed"], Is.True);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static IEnumerable<TestCaseData> MalformedBodies()
    {
        var valid = AdmissionReviews.Create("uid", AdmissionReviews.ToNode(ValidApplication.Create())).ToJsonString();
        TestCaseData Case(string name, byte[] body, string reason) => new TestCaseData(body, reason).SetName("Malformed: " + name);

        yield return Case("empty body", [], "empty");
        yield return Case("not JSON", Utf8("this is not json"), "not a JSON AdmissionReview");
        yield return Case("truncated JSON", Utf8(valid[..(valid.Length / 2)]), "not a JSON AdmissionReview");
        yield return Case("JSON null", Utf8("null"), "null");
        yield return Case("a JSON array", Utf8("[1,2]"), "not a JSON AdmissionReview");
        yield return Case("wrong kind", Utf8(valid.Replace("\"kind\":\"AdmissionReview\"", "\"kind\":\"TokenReview\"", StringComparison.Ordinal)), "expected kind AdmissionReview");
        yield return Case("wrong apiVersion", Utf8(valid.Replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1", StringComparison.Ordinal)), "of apiVersion admission.k8s.io/v1");
        yield return Case("no request", Utf8("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"), "has no request");
        yield return Case("no uid", Utf8(valid.Replace("\"uid\":\"uid\",", "", StringComparison.Ordinal)), "has no uid");
        yield return Case("no object on CREATE", Utf8(AdmissionReviews.Create("uid", null).ToJsonString()), "must carry the object");
        yield return Case("no old object on UPDATE", Utf8(AdmissionReviews.Create("uid", AdmissionReviews.ToNode(ValidApplication.Create()), "UPDATE").ToJsonString()), "must carry the old object");
        yield return Case("unknown operation", Utf8(valid.Replace("\"CREATE\"", "\"PATCH\"", StringComparison.Ordinal)), "unknown operation");
        yield return Case("request of the wrong type", Utf8("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":\"x\"}"), "not a JSON AdmissionReview");
        yield return Case("10,000-deep nesting", Utf8(valid.Replace("\"dryRun\":false", "\"deep\":" + new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal)), "depth");
        var invalidUtf8 = Utf8(valid.Replace("\"app\"", "\"a\u00e9p\"", StringComparison.Ordinal));
        var index = Array.IndexOf(invalidUtf8, (byte)0xC3);
        invalidUtf8[index + 1] = 0x28;
        yield return Case("invalid UTF-8", invalidUtf8, "not valid UTF-8");
    }

    [TestCaseSource(nameof(MalformedBodies))]
    public async Task Malformed_review_is_a_400_with_a_reason(byte[] body, string reason)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(Path, content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(reason));
        await Valid_application_is_allowed_and_the_uid_echoed();
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Body_over_3_MiB_is_a_400(bool withContentLength)
    {
        var padding = new string(' ', ValidatingWebhookEndpoint.MaxRequestBodyBytes);
        var body = Utf8("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"," + padding + "\"request\":{}}");
        HttpContent content = withContentLength ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!withContentLength)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        if (!withContentLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        else
        {
            // The server answers from the declared length without reading the body and may close
            // the connection while a client still uploads (a broken pipe, not an answer, on a busy
            // machine); asking first lets the client read the refusal before sending 3 MiB.
            request.Headers.ExpectContinue = true;
        }

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("larger than 3145728 bytes"));
        await Valid_application_is_allowed_and_the_uid_echoed();
    }

    [Test]
    public async Task Plain_http_serves_probes_and_metrics_but_not_the_webhook()
    {
        using var http = new HttpClient { BaseAddress = host.HttpBase };
        await Valid_application_is_allowed_and_the_uid_echoed();
        await Invalid_application_is_denied_with_422_and_every_error();
        using (var malformed = await client.PostAsync(Path, new StringContent("nope")))
        {
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using var webhook = await http.PostAsync(Path, new StringContent(AdmissionReviews.Create("u", AdmissionReviews.ToNode(ValidApplication.Create())).ToJsonString()));
        Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await http.GetStringAsync("/healthz"), Is.EqualTo("Healthy"));
        Assert.That(await http.GetStringAsync("/readyz"), Is.EqualTo("Healthy"));

        var metrics = await http.GetStringAsync("/metrics");
        foreach (var result in new[] { "allowed", "denied", "malformed" })
        {
            Assert.That(metrics, Does.Match($"spark_operator_webhook_reviews_total\\{{[^}}]*result=\"{result}\"[^}}]*\\}} [1-9]"));
        }

        Assert.That(metrics, Does.Contain("spark_operator_webhook_review_duration_seconds_bucket"));
    }

    [Test]
    public async Task Client_that_does_not_trust_the_development_CA_is_refused()
    {
        using var untrusting = new HttpClient { BaseAddress = host.HttpsBase };

        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.PostAsync(Path, new StringContent("{}")));
    }
}
