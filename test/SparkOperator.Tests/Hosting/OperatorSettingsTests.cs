using Microsoft.Extensions.Configuration;
using SparkOperator.Hosting;
using SparkOperator.Lifecycle;
using SparkOperator.Policy;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Hosting;

public class OperatorSettingsTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Test]
    public void Nothing_configured_gives_the_documented_defaults()
    {
        var submission = OperatorSettings.ReadSubmission(Config([]), PodPolicy.Default);
        Assert.That(submission.SubmitPod, Is.EqualTo(SubmitPodDefaults.Default));
        Assert.That((submission.SubmitPod.CpuRequest, submission.SubmitPod.CpuLimit, submission.SubmitPod.Memory), Is.EqualTo(("100m", "400m", "512Mi")));
        Assert.That(submission.SparkSubmitPath, Is.Null);
        Assert.That(OperatorSettings.ReadLifecycle(Config([])).DefaultDriverStartTimeout, Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Settings_as_the_deployment_sets_them_reach_the_options()
    {
        // Environment variables (SubmitPod__CpuLimit) arrive with ':' as the separator.
        var config = Config(new()
        {
            ["SubmitPod:CpuRequest"] = "250m",
            ["SubmitPod:CpuLimit"] = "",
            ["SubmitPod:Memory"] = " 1Gi ",
            ["Spark:SubmitPath"] = "/stackable/spark/bin/spark-submit",
            ["Spark:GpuDiscoveryScript"] = "/opt/gpu.sh",
            [OperatorSettings.DefaultDriverStartTimeoutKey] = "00:00:00",
        });

        var submission = OperatorSettings.ReadSubmission(config, PodPolicy.Default);
        var lifecycle = OperatorSettings.ReadLifecycle(config);

        Assert.That(submission.SubmitPod, Is.EqualTo(new SubmitPodDefaults { CpuRequest = "250m", CpuLimit = "", Memory = "1Gi" }));
        Assert.That(submission.SparkSubmitPath, Is.EqualTo("/stackable/spark/bin/spark-submit"));
        Assert.That(submission.GpuDiscoveryScript, Is.EqualTo("/opt/gpu.sh"));
        Assert.That(lifecycle.DefaultDriverStartTimeout, Is.EqualTo(TimeSpan.Zero));
        Assert.That(lifecycle with { DefaultDriverStartTimeout = new LifecycleSettings().DefaultDriverStartTimeout }, Is.EqualTo(new LifecycleSettings()));
    }

    [TestCase("SubmitPod:CpuLimit", "four")]
    [TestCase("SubmitPod:Memory", "512MB")]
    [TestCase("SubmitPod:CpuRequest", "1.5.0")]
    public void A_submit_pod_size_that_is_no_quantity_stops_the_operator_naming_the_setting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => OperatorSettings.ReadSubmission(Config(new() { [key] = value }), PodPolicy.Default));
        Assert.That(error!.Message, Does.Contain(key).And.Contain($"'{value}'").And.Contain("quantity"));
    }

    [Test]
    public void The_service_account_recheck_interval_is_read_and_at_least_a_second()
    {
        Assert.That(OperatorSettings.ReadLifecycle(Config(new() { [OperatorSettings.ServiceAccountRecheckIntervalKey] = "00:00:05" })).ServiceAccountRecheckInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
        var error = Assert.Throws<InvalidOperationException>(() => OperatorSettings.ReadLifecycle(Config(new() { [OperatorSettings.ServiceAccountRecheckIntervalKey] = "00:00:00" })));
        Assert.That(error!.Message, Does.Contain(OperatorSettings.ServiceAccountRecheckIntervalKey));
    }

    [TestCase("ten minutes")]
    [TestCase("-00:01:00")]
    public void A_driver_start_timeout_that_is_no_duration_stops_the_operator_naming_the_setting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => OperatorSettings.ReadLifecycle(Config(new() { [OperatorSettings.DefaultDriverStartTimeoutKey] = value })));
        Assert.That(error!.Message, Does.Contain(OperatorSettings.DefaultDriverStartTimeoutKey).And.Contain(value));
    }

    [TestCase("Spark:GpuDiscoveryScript")]
    [TestCase("Spark:SubmitPath")]
    [TestCase("Spark:JavaCacertsPath")]
    public void An_image_path_is_absolute_or_empty_for_unset(string key)
    {
        Assert.That(OperatorSettings.ReadSubmission(Config(new() { [key] = " " }), PodPolicy.Default), Is.EqualTo(SubmissionOptions.Default with { Policy = PodPolicy.Default }));
        var error = Assert.Throws<InvalidOperationException>(() => OperatorSettings.ReadSubmission(Config(new() { [key] = "bin/run.sh" }), PodPolicy.Default));
        Assert.That(error!.Message, Does.Contain(key).And.Contain("absolute path"));
    }
}
