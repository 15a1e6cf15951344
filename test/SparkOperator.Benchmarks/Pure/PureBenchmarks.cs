using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using k8s.Models;
using SparkOperator.Benchmarks.Infrastructure;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Submission;
using SparkOperator.Validation;

namespace SparkOperator.Benchmarks.Pure;

/// <summary>Time and allocations per application of the pure code on the submission path.</summary>
[MemoryDiagnoser]
public class PureBenchmarks
{
    private readonly SparkApplicationAdmissionValidator _validator = new();
    private SparkApplication _app = null!;
    private SparkApplication _invalid = null!;
    private SparkApplication _worst = null!;
    private SparkApplication _bait = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = Applications.SparkPi("default", "spark-pi");
        _app.Metadata.Uid = "0b7a6c1e-7a5b-4f55-9d5e-1d1c3c0f0c11";
        _app.Spec.Deps = new Dependencies { Packages = ["org.apache.hadoop:hadoop-aws:3.4.1"] };
        _app.Spec.Env = [new V1EnvVar { Name = "MODE", Value = "bench" }];
        _invalid = Applications.SparkPi("default", "spark-pi");
        _invalid.Spec.Mode = DeployMode.Client;
        _invalid.Spec.MainClass = null;
        _worst = Pathological.WorstEntity();
        _bait = Applications.SparkPi("default", "spark-pi");
        _bait.Spec.Deps = new Dependencies { Requirements = ["a" + new string(' ', 2046) + "|"] };
    }

    [Benchmark(Description = "SubmissionBuilder.Build")]
    public DesiredResources Build() => SubmissionBuilder.Build(_app, 1);

    [Benchmark(Description = "Validate (valid app)")]
    public AdmissionResult ValidateValid() => _validator.Validate(_app, null, AdmissionOperation.Create, false, CancellationToken.None);

    [Benchmark(Description = "Validate (invalid app)")]
    public AdmissionResult ValidateInvalid() => _validator.Validate(_invalid, null, AdmissionOperation.Create, false, CancellationToken.None);

    [Benchmark(Description = "Validate (a, 2046 spaces, | as a requirement)")]
    public AdmissionResult ValidateBait() => _validator.Validate(_bait, null, AdmissionOperation.Create, false, CancellationToken.None);

    [Benchmark(Description = "Validate (worst pathological app)")]
    public AdmissionResult ValidateWorst() => _validator.Validate(_worst, null, AdmissionOperation.Create, false, CancellationToken.None);

    /// <summary>ShortRun, in process (no generated project to build).</summary>
    public static int Run(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkRunner.Run<PureBenchmarks>(config, args);
        return 0;
    }
}
