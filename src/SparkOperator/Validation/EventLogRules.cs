using FluentValidation;
using SparkOperator.Entities;
using SparkOperator.Policy;
using SparkOperator.Submission;

namespace SparkOperator.Validation;

/// <summary>A SparkApplication's spec.logFileDirectory, and the sparkConf that would contradict it.</summary>
internal static class EventLogRules
{
    public static void Application(LogFileDirectory? directory, PodPolicy policy, ValidationContext<SparkApplicationSpec> context)
    {
        var spec = context.InstanceToValidate;
        LogFileDirectoryRules.Check(directory, context.PropertyPath, spec.S3connection is not null, policy, context);
        if (directory is null || spec.SparkConf is not { } conf)
        {
            return;
        }

        foreach (var key in new[] { EventLogs.EnabledConf, EventLogs.DirectoryConf })
        {
            if (conf.ContainsKey(key))
            {
                context.Fail($"spec.sparkConf[{key}]", $"contradicts {context.PropertyPath}, which sets it; remove one of them");
            }
        }
    }
}
