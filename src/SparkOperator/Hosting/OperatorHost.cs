using OpenTelemetry.Metrics;
using SparkOperator.Framework.Telemetry;
using SparkOperator.Framework.Webhooks;

namespace SparkOperator.Hosting;

/// <summary>
/// The one place the operator's host is assembled. Program.cs and the integration tests both build
/// the host here, so tests run exactly what production runs.
/// </summary>
public static class OperatorHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        builder.Services.AddSparkOperator(builder.Configuration);
        builder.AddWebhookServer();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AdmissionMetrics.MeterName)
            .AddMeter(FrameworkTelemetry.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/readyz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapWebhooks();
        return app;
    }
}
