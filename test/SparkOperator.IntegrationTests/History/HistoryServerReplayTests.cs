using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.History;
using SparkOperator.IntegrationTests.Harness;
using SparkOperator.Spark;
using SparkOperator.Submission;

namespace SparkOperator.IntegrationTests.History;

/// <summary>
/// Real Spark end to end, with the kit's Spark jars: a local job writes its event log with the
/// confs a SparkApplication's logFileDirectory gives, then Spark's HistoryServer is started as the
/// Deployment's container starts it (its command, args, env and spark-defaults.conf from the
/// builder) and lists the finished application on its REST API.
/// <para>
/// What stands in for the pod: the conf is written where the ConfigMap would be mounted (the one path
/// rewritten), the port comes through SPARK_HISTORY_OPTS (a system property wins over the properties
/// file, as in the real spark-class) so runs on a shared machine do not collide, and SPARK_HOME holds
/// the kit's jars with a spark-class that runs java on them. The kit's jars lack Jersey (and zstd, so
/// the job writes its log uncompressed): a test-only servlet in Jersey's class name answers
/// /api/v1/applications from the history server's own application list.
/// </para>
/// </summary>
public class HistoryServerReplayTests
{
    private static string SparkHome()
    {
        TestCluster.Require();
        var home = TestCluster.BinDirectory is { } bin ? Path.Combine(bin, "spark") : null;
        if (home is null || !File.Exists(Path.Combine(home, "bin", "spark-submit")))
        {
            Assert.Ignore("the kit's Spark distribution is not installed (cluster.sh install)");
        }

        return home!;
    }

    private static string Javac()
    {
        var javac = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, "javac")).FirstOrDefault(File.Exists);
        if (javac is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("javac is missing: .ci/run installs a JDK for this test");
            }

            Assert.Ignore("javac is not on PATH");
        }

        return javac!;
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task The_history_server_as_its_Deployment_starts_it_lists_an_application_that_wrote_its_event_log_there(CancellationToken cancellationToken)
    {
        var sparkJars = Path.Combine(SparkHome(), "jars");
        var javac = Javac();
        var work = Directory.CreateTempSubdirectory("history-replay-");
        try
        {
            var events = Directory.CreateDirectory(Path.Combine(work.FullName, "events")).FullName;
            var eventLogUri = "file://" + events;
            var jar = await CompileAsync(javac, sparkJars, "PiForHistory.java", Path.Combine(work.FullName, "job"), cancellationToken);

            // The event-log confs exactly as the operator writes them for this logFileDirectory.
            var app = new SparkApplication
            {
                Metadata = new V1ObjectMeta { Name = "pi", NamespaceProperty = "default", Uid = "u" },
                Spec = new SparkApplicationSpec
                {
                    SparkImage = "apache/spark:4.1.1",
                    MainApplicationFile = "local:///job.jar",
                    MainClass = "PiForHistory",
                    LogFileDirectory = new LogFileDirectory { CustomLogDirectory = eventLogUri },
                },
            };
            var eventLogConfs = SparkSubmitArguments.OperatorConfs(app, 1, SubmissionOptions.Default)
                .Where(c => c.Key.StartsWith("spark.eventLog.", StringComparison.Ordinal)).ToList();
            Assert.That(eventLogConfs.Select(c => c.Key), Is.EquivalentTo(new[] { "spark.eventLog.enabled", "spark.eventLog.dir" }));

            List<string> submit = ["--master", "local[1]", "--class", "PiForHistory", "--conf", "spark.ui.enabled=false", "--conf", "spark.eventLog.compress=false"];
            foreach (var (key, value) in eventLogConfs)
            {
                submit.AddRange(["--conf", $"{key}={value}"]);
            }

            submit.Add(jar);
            var (code, output) = await RunAsync(Path.Combine(SparkHome(), "bin", "spark-submit"), submit, null, TimeSpan.FromSeconds(120), cancellationToken);
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("Pi is roughly"));
            var logged = Directory.GetFileSystemEntries(events).Select(Path.GetFileName).ToList();
            Assert.That(logged, Has.Count.EqualTo(1), "one event log");
            var appId = logged[0]!.Replace("eventlog_v2_", "", StringComparison.Ordinal);

            // The history server reading the same directory, as the operator builds it.
            var server = new SparkHistoryServer
            {
                ApiVersion = SparkApplication.ApiVersionString,
                Kind = SparkHistoryServer.KindName,
                Metadata = new V1ObjectMeta { Name = "history", NamespaceProperty = "default", Uid = "u" },
                Spec = new SparkHistoryServerSpec { Image = "apache/spark:4.1.1", LogFileDirectory = new LogFileDirectory { CustomLogDirectory = eventLogUri } },
            };
            var built = HistoryServerBuilder.Build(server);
            var confDirectory = Directory.CreateDirectory(Path.Combine(work.FullName, "conf")).FullName;
            foreach (var (file, text) in built.ConfigMap.Data)
            {
                await File.WriteAllTextAsync(Path.Combine(confDirectory, file), text, cancellationToken);
            }

            var home = await FakeSparkHomeAsync(work.FullName, sparkJars, javac, cancellationToken);
            var port = FreePort();
            var container = built.Deployment.Spec.Template.Spec.Containers.Single();
            var env = container.Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);
            env["SPARK_HOME"] = home;
            env["SPARK_HISTORY_OPTS"] = $"-Dspark.history.ui.port={port}";
            var argv = container.Command.Skip(1).Concat(container.Args)
                .Select(a => a.Replace(OwnedPaths.HistoryConfDirectory, confDirectory, StringComparison.Ordinal)).ToList();

            using var historyServer = Start(container.Command[0], argv, env);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
                var listed = await PollAsync(http, historyServer, appId, cancellationToken);
                var entry = listed.Single(a => (string?)a!["id"] == appId)!;

                Assert.Multiple(() =>
                {
                    Assert.That((string?)entry["name"], Is.EqualTo("pi-for-history"));
                    Assert.That((bool?)entry["attempts"]![0]!["completed"], Is.True, "a finished application");
                });

                // The readiness probe's path.
                var probe = await http.GetAsync(container.ReadinessProbe.HttpGet.Path, cancellationToken);
                Assert.That(probe.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
            finally
            {
                historyServer.Kill(entireProcessTree: true);
                await historyServer.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<JsonArray> PollAsync(HttpClient http, Process server, string appId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            Assert.That(server.HasExited, Is.False, $"the history server exited ({(server.HasExited ? server.ExitCode : 0)})");
            try
            {
                last = await http.GetStringAsync("/api/v1/applications", cancellationToken);
                if (JsonNode.Parse(last) is JsonArray list && list.Any(a => (string?)a!["id"] == appId))
                {
                    return list;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(1000, cancellationToken);
        }

        Assert.Fail($"the history server did not list {appId} within 120 s; last answer: {last}");
        return [];
    }

    /// <summary>A SPARK_HOME with the kit's jars, the stand-in for Jersey, and a spark-class that runs java on them.</summary>
    private static async Task<string> FakeSparkHomeAsync(string work, string sparkJars, string javac, CancellationToken cancellationToken)
    {
        var home = Path.Combine(work, "spark-home");
        Directory.CreateDirectory(Path.Combine(home, "bin"));
        Directory.CreateSymbolicLink(Path.Combine(home, "jars"), sparkJars);
        await CompileAsync(javac, sparkJars, Path.Combine("org", "glassfish", "jersey", "servlet", "ServletContainer.java"), Path.Combine(home, "test-jars"), cancellationToken);
        var sparkClass = Path.Combine(home, "bin", "spark-class");
        await File.WriteAllTextAsync(
            sparkClass,
            "#!/bin/sh\nexec java $SPARK_HISTORY_OPTS -Xmx512m -cp \"$SPARK_HOME/jars/*:$SPARK_HOME/test-jars/*\" \"$@\"\n",
            cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(sparkClass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return home;
    }

    /// <summary>Compiles one source of java/ against Spark's jars into a jar in <paramref name="output"/>.</summary>
    private static async Task<string> CompileAsync(string javac, string sparkJars, string source, string output, CancellationToken cancellationToken)
    {
        var classes = Directory.CreateDirectory(Path.Combine(output, "classes")).FullName;
        var sourcePath = RepositoryFiles.Path("test", "SparkOperator.IntegrationTests", "History", "java", source);
        var (code, log) = await RunAsync(javac, ["-cp", Path.Combine(sparkJars, "*"), "-d", classes, sourcePath], null, TimeSpan.FromSeconds(120), cancellationToken);
        Assert.That(code, Is.EqualTo(0), log);
        var jar = Path.Combine(output, Path.GetFileNameWithoutExtension(source) + ".jar");
        ZipFile.CreateFromDirectory(classes, jar);
        return jar;
    }

    private static Process Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? env)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? env, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
