using Microsoft.Extensions.DependencyInjection.Extensions;
using SparkOperator.Controllers;
using SparkOperator.Entities;
using SparkOperator.Framework.Hosting;
using SparkOperator.Scheduling;
using SparkOperator.Submission;
using SparkOperator.Validation;

namespace SparkOperator.Hosting;

/// <summary>The ScheduledSparkApplication controller and what it needs.</summary>
internal static class SchedulingServices
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ScheduleClock(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ScheduledSparkApplicationAdmissionValidator(sp.GetRequiredService<SubmissionOptions>().Policy));
        return services;
    }

    /// <summary>Runs the schedules; a run's changes wake its scheduled application through its controller ownerReference.</summary>
    public static IOperatorBuilder AddScheduledSparkApplications(this IOperatorBuilder builder) =>
        builder.AddController<ScheduledSparkApplicationController, ScheduledSparkApplication>(c => c.Owns<SparkApplication>());
}
