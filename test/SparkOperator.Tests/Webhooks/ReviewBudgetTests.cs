using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Tests.Validation;

namespace SparkOperator.Tests.Webhooks;

/// <summary>
/// A review that runs out of time is a denial saying so (200, allowed false, 422), logged as a
/// warning with its uid; never a 5xx, never a request thread held past the budget.
/// </summary>
[NonParallelizable]
public class ReviewBudgetTests
{
    private const string Path = "/validate";
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> logs = new();
    private WebApplication app = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        var ca = DevelopmentCertificateAuthority.Create([]);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddProvider(new CollectingLoggerProvider(logs));
        builder.Services.AddAdmissionWebhooks(new AdmissionWebhookOptions { ReviewBudget = Budget });
        builder.Services.AddSingleton<IAdmissionValidator<SparkApplication>, ScriptedValidator>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseServerCertificateSource(ca)));
        app = builder.Build();
        app.MapValidatingWebhook<SparkApplication>(Path);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        client = WebhookHost.ClientTrusting(ca.CaCertificate);
        client.BaseAddress = new Uri(address);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<JsonNode> ReviewAsync(string uid, string name)
    {
        var application = ValidApplication.Create();
        application.Metadata.Name = name;
        using var response = await client.PostAsync(Path, new StringContent(AdmissionReviews.Create(uid, AdmissionReviews.ToNode(application)).ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!["response"]!;
    }

    [Test]
    public async Task Review_over_its_budget_is_denied_and_logged_with_its_uid()
    {
        var response = await ReviewAsync("uid-slow", ScriptedValidator.Slow);

        Assert.That((string?)response["uid"], Is.EqualTo("uid-slow"));
        Assert.That((bool?)response["allowed"], Is.False);
        Assert.That((int?)response["status"]!["code"], Is.EqualTo(422));
        Assert.That((string?)response["status"]!["message"], Does.StartWith("validation exceeded its time budget (0.2 s) and was stopped, so the object is not admitted"));
        Assert.That(logs.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.Some.Contains("uid-slow").And.Contains("exceeded its budget"));
        Assert.That((bool?)(await ReviewAsync("uid-after", "fine"))["allowed"], Is.True, "the next review is judged as usual");
    }

    [Test]
    public async Task Pattern_that_times_out_is_a_denial_not_a_server_error()
    {
        var response = await ReviewAsync("uid-regex", ScriptedValidator.RegexTimeout);

        Assert.That((bool?)response["allowed"], Is.False);
        Assert.That((int?)response["status"]!["code"], Is.EqualTo(422));
        Assert.That((string?)response["status"]!["message"], Does.Contain("checking 'aaaa' took longer than 100 ms"));
        Assert.That(logs.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message), Has.Some.Contains("uid-regex"));
    }

    /// <summary>Runs past any budget for "slow" (observing its token), throws a pattern timeout for "regex", allows the rest.</summary>
    private sealed class ScriptedValidator : IAdmissionValidator<SparkApplication>
    {
        public const string Slow = "slow";
        public const string RegexTimeout = "regex";

        public AdmissionResult Validate(SparkApplication entity, SparkApplication? oldEntity, AdmissionOperation operation, bool dryRun, CancellationToken cancellationToken)
        {
            if (entity.Metadata.Name == RegexTimeout)
            {
                throw new RegexMatchTimeoutException("aaaa", "^(a+)+$", LinearRegex.MatchTimeout);
            }

            // A token that never fires fails the test (allowed) instead of hanging it.
            var started = Stopwatch.StartNew();
            while (entity.Metadata.Name == Slow && started.Elapsed < TimeSpan.FromSeconds(10))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(5);
            }

            return AdmissionResult.Allowed();
        }
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<(LogLevel, string)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(logs);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
