using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SparkOperator.Framework.Runtime;
using SparkOperator.Framework.Telemetry;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Telemetry;

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

        // One policy for the webhook, the controller's own check and the builders.
        builder.Services.AddSingleton(PodPolicyConfiguration.Read(builder.Configuration));

        // Every instrument, the framework's too, is named after this operator (spark_operator.*).
        builder.Services.AddFrameworkMetrics(MetricNames.ForOperator(OperatorDefaults.Name));
        builder.Services.AddSparkOperator(builder.Configuration);
        builder.Services.AddMemoryTrimmer(builder.Configuration);
        builder.AddWebhookServer();
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                // System.Runtime is .NET's own meter (GC heap by generation, working set, thread pool):
                // what an operator's memory is made of, beside what it does.
                .AddMeter(FrameworkTelemetry.MeterName, AdmissionMetrics.MeterName, ApplicationMetrics.MeterName, "System.Runtime")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing.AddSource(FrameworkTelemetry.ActivitySourceName));

        // Traces (a span per reconcile) leave the process only when an OTLP collector is configured.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        // The framework's checks carry these tags (a webhook-only replica has none: both stay healthy).
        // Liveness restarts a process whose loops stopped; readiness waits for synced, unstuck caches.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapWebhooks();
        return app;
    }
}
