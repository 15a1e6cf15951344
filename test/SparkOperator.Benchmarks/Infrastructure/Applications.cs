using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Benchmarks.Infrastructure;

/// <summary>The SparkApplications the benchmarks create, and a bounded-concurrency creator that timestamps each create.</summary>
internal static class Applications
{
    public static string Name(string prefix, int i) => $"{prefix}-{i.ToString("D5", CultureInfo.InvariantCulture)}";

    /// <summary>SparkPi, as samples/spark-pi.yaml, plus a volume and a conf: a typical, valid application.</summary>
    public static SparkApplication SparkPi(string ns, string name) => new()
    {
        ApiVersion = SparkApplication.ApiVersionString,
        Kind = SparkApplication.KindName,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new SparkApplicationSpec
        {
            SparkImage = "apache/spark:4.1.1",
            Mode = DeployMode.Cluster,
            MainApplicationFile = "local:///opt/spark/examples/jars/spark-examples_2.13-4.1.1.jar",
            MainClass = "org.apache.spark.examples.SparkPi",
            Args = ["1000"],
            SparkConf = new Dictionary<string, string> { ["spark.eventLog.enabled"] = "false" },
            Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }],
            Driver = new DriverSpec { Cores = 1, Memory = "512m", VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = "/scratch" }] },
            Executor = new ExecutorSpec { Cores = 1, Instances = 2, Memory = "512m" },
        },
    };

    /// <summary>Creates the applications with at most <paramref name="concurrency"/> in flight; returns per-name create start times (Stopwatch ticks).</summary>
    public static async Task<(Dictionary<string, long> Started, int Failed)> CreateAsync(
        IKubernetes client, IReadOnlyList<SparkApplication> apps, int concurrency, CancellationToken cancellationToken, TimeSpan? pace = null)
    {
        var started = new Dictionary<string, long>();
        var failed = 0;
        using var gate = new SemaphoreSlim(concurrency);
        var tasks = new List<Task>();
        foreach (var app in apps)
        {
            await gate.WaitAsync(cancellationToken);
            if (pace is { } p)
            {
                await Task.Delay(p, cancellationToken);
            }

            tasks.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        for (var attempt = 0; ; attempt++)
                        {
                            var t = Stopwatch.GetTimestamp();
                            try
                            {
                                await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                                    app, SparkApplication.GroupName, SparkApplication.Version, app.Metadata.NamespaceProperty, SparkApplication.Plural,
                                    cancellationToken: cancellationToken);
                                lock (started)
                                {
                                    started[app.Metadata.Name] = t;
                                }

                                return;
                            }
                            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
                            {
                                return; // an earlier try went through before its connection broke
                            }
                            catch (Exception) when (attempt < 60 && !cancellationToken.IsCancellationRequested)
                            {
                                await Task.Delay(500, cancellationToken);
                            }
                        }
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                CancellationToken.None));
        }

        await Task.WhenAll(tasks);
        return (started, failed);
    }
}
