using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SparkOperator.Entities;
using SparkOperator.Framework.Webhooks;
using SparkOperator.Manifests;
using SparkOperator.Submission;

namespace SparkOperator.Tests.Submission;

/// <summary>
/// The submit container's command and the truststore's init container run in a real sh here, with
/// fake spark-submit, keytool and java that print their argv, laid out as each published image does.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class ImageLayoutTests
{
    private string root = "";

    [SetUp]
    public void CreateRoot() => root = Directory.CreateTempSubdirectory("image-layout-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(root, recursive: true);

    /// <summary>Values a shell would change: spaces, quotes, substitutions, globs, newlines, a leading dash.</summary>
    private static readonly string[] Hostile =
    [
        "s3a://nyc-tlc/trip data/yellow_tripdata_2021-07.csv", "a b", "it's \"q\"", "$(touch /tmp/pwned)", "`id`", "${HOME}", "$HOME",
        "*", "line1\nline2", "-x", "", "; exit 3", "\\", "$$(x)",
    ];

    // apache/spark and Kubeflow's spark images set SPARK_HOME=/opt/spark; Stackable's keep Spark under /stackable/spark.
    [TestCase("opt/spark", TestName = "spark-submit runs from SPARK_HOME of apache/spark and Kubeflow images (/opt/spark)")]
    [TestCase("stackable/spark", TestName = "spark-submit runs from SPARK_HOME of Stackable images (/stackable/spark)")]
    public void Submit_command_runs_spark_submit_of_the_images_spark_home_with_every_argument_unchanged(string home)
    {
        var sparkHome = FakeTool(Path.Combine(root, home, "bin"), "spark-submit");
        var app = TestApps.Minimal();
        app.Spec.Args = [.. Hostile];
        var container = TestApps.SubmitContainer(TestApps.Build(app));

        var (exit, output) = RunAsKubelet(container.Command, container.Args, new() { ["SPARK_HOME"] = Path.Combine(root, home) });

        Assert.That(exit, Is.Zero, output);
        Assert.That(Recorded(output), Is.EqualTo(new[] { sparkHome }.Concat(KubeletArgv(container.Args))));
        Assert.That(Recorded(output).TakeLast(Hostile.Length), Is.EqualTo(Hostile));
    }

    [Test]
    public void Without_spark_home_the_command_falls_back_to_opt_spark()
    {
        var container = TestApps.SubmitContainer(TestApps.Build(TestApps.Minimal()));
        Assume.That(Directory.Exists("/opt/spark") || Directory.Exists("/stackable/spark"), Is.False, "this machine has a Spark home of its own");

        var (exit, output) = RunAsKubelet(container.Command, container.Args, []);

        Assert.That(exit, Is.EqualTo(127), output);
        Assert.That(output, Does.Contain("/opt/spark/bin/spark-submit"));
    }

    [Test]
    public void Submit_command_is_a_fixed_script_named_spark_submit_and_an_explicit_path_wins()
    {
        var container = TestApps.SubmitContainer(TestApps.Build(TestApps.Minimal()));
        Assert.That(container.Command, Is.EqualTo(new[] { "sh", "-c", ImageLayout.SubmitScript, "spark-submit" }));
        Assert.That(ImageLayout.SubmitScript, Does.Not.Contain("$(").And.Not.Contain("$$"), "the kubelet would expand it");

        var custom = SubmissionBuilder.Build(TestApps.Minimal(), 1, new SubmissionOptions { SparkSubmitPath = "/stackable/spark/bin/spark-submit" });
        Assert.That(TestApps.SubmitContainer(custom).Command, Is.EqualTo(new[] { "/stackable/spark/bin/spark-submit" }));
    }

    /// <summary>The seed example (Stackable's image) starts from /stackable/spark; nothing it renders names /opt/spark.</summary>
    [Test]
    public void Seed_example_renders_a_job_that_starts_on_the_stackable_layout_and_nothing_names_opt_spark()
    {
        var document = ManifestReader.ReadDocuments(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "ny-tlc-report.yaml"))).Single(d => (string?)d.Json["kind"] == SparkApplication.KindName);
        Assert.That(EntityJson.TryDeserialize<SparkApplication>(JsonSerializer.SerializeToElement(document.Json), out var app, out var error), Is.True, error?.ToString());
        app!.Metadata.NamespaceProperty = "default";
        app.Metadata.Uid = TestApps.Uid;
        var built = TestApps.Build(app);
        var container = TestApps.SubmitContainer(built);
        var sparkSubmit = FakeTool(Path.Combine(root, "stackable", "spark", "bin"), "spark-submit");

        var (exit, output) = RunAsKubelet(container.Command, container.Args, new() { ["SPARK_HOME"] = Path.Combine(root, "stackable", "spark") });

        Assert.That(exit, Is.Zero, output);
        Assert.That(Recorded(output), Is.EqualTo(new[] { sparkSubmit }.Concat(KubeletArgv(container.Args))));
        Assert.That(Recorded(output), Does.Contain("s3a://nyc-tlc/trip data/yellow_tripdata_2021-07.csv"));
        Assert.That(k8s.KubernetesYaml.Serialize(built.PodTemplates), Does.Not.Contain("/opt/"));
        Assert.That(container.Args, Has.None.Contains("/opt/"));
    }

    [TestCase(true, TestName = "Truststore copies the CAs of the image's JAVA_HOME")]
    [TestCase(false, TestName = "Truststore copies the CAs of the JDK of the java on PATH when JAVA_HOME is unset")]
    public void Truststore_init_container_finds_the_images_default_cas(bool javaHome)
    {
        var jdk = Path.Combine(root, "usr", "lib", "jvm", "jre");
        FakeTool(Path.Combine(jdk, "bin"), "java");
        var keytool = FakeTool(Path.Combine(root, "bin"), "keytool");
        var linkDirectory = Directory.CreateDirectory(Path.Combine(root, "usr", "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(linkDirectory, "java"), Path.Combine(jdk, "bin", "java"));
        var app = TestApps.Minimal();
        app.Spec.S3connection = new S3Connection { Tls = new S3Tls { CaSecret = new S3CaSecret { Name = "ca" } } };
        var init = S3TrustStore.InitContainers(app, SubmissionOptions.Default).First(c => c.Name == S3TrustStore.DefaultsContainer);
        var env = new Dictionary<string, string> { ["PATH"] = $"{Path.Combine(root, "bin")}:{linkDirectory}:/usr/bin:/bin" };
        if (javaHome)
        {
            env["JAVA_HOME"] = jdk;
        }

        var (exit, output) = RunAsKubelet(init.Command, init.Args, env);

        Assert.That(exit, Is.Zero, output);
        Assert.That(Recorded(output), Is.EqualTo(new[]
        {
            keytool, "-importkeystore", "-noprompt", "-srckeystore", Path.Combine(jdk, "lib", "security", "cacerts"),
            "-srcstorepass", S3TrustStore.StorePassword, "-destkeystore", S3TrustStore.StoreFile,
            "-deststoretype", "PKCS12", "-deststorepass", S3TrustStore.StorePassword,
        }));
    }

    /// <summary>A script that prints its own path and each argument, NUL-terminated.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string FakeTool(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, "#!/bin/sh\nprintf '%s\\0' \"$0\" \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string[] Recorded(string output) => output.Split('\0')[..^1];

    /// <summary>What the kubelet hands the process: $(VAR) of no defined variable stays, $$ becomes $.</summary>
    private static IEnumerable<string> KubeletArgv(IEnumerable<string>? values) =>
        (values ?? []).Select(v => v.Replace("$$", "$", StringComparison.Ordinal));

    private static (int Exit, string Output) RunAsKubelet(IList<string> command, IList<string>? args, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in KubeletArgv(command.Skip(1)).Concat(KubeletArgv(args)))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SparkOperator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SparkOperator.sln not found above the test directory");
    }
}
