using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SparkOperator.Framework.Hosting;

namespace SparkOperator.Framework.Telemetry;

/// <summary>Registers <see cref="FrameworkMetrics"/> once, however many framework parts ask for it.</summary>
public static class FrameworkMetricsServiceCollectionExtensions
{
    /// <summary>
    /// The framework's instruments, named with <paramref name="names"/> when given (first caller
    /// wins), else after <see cref="OperatorOptions.Name"/>.
    /// </summary>
    public static IServiceCollection AddFrameworkMetrics(this IServiceCollection services, MetricNames? names = null)
    {
        services.AddMetrics();
        if (names is not null)
        {
            services.TryAddSingleton(names);
        }

        services.TryAddSingleton(sp => new FrameworkMetrics(
            sp.GetService<MetricNames>() ?? MetricNames.ForOperator(sp.GetService<IOptions<OperatorOptions>>()?.Value.Name),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }
}
