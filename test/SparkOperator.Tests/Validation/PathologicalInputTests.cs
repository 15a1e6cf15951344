using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Validation;

namespace SparkOperator.Tests.Validation;

/// <summary>
/// Values built to make a backtracking matcher take exponential or polynomial time, in every
/// pattern-checked field: each is denied at its path with the message of its grammar (within the
/// field's length limit) or of the limit (past it). Only outcomes are asserted; how fast they come
/// is measured by the benchmarks (RESULTS.md).
/// </summary>
public class PathologicalInputTests
{
    private static readonly string Hex64 = new('a', 64);

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static TestCaseData Bad(string name, Action<SparkApplication> breakIt, string path, string message) =>
        new TestCaseData(breakIt, path, message).SetName("Denies " + name);

    private static TestCaseData Good(string name, Action<SparkApplication> change) =>
        new TestCaseData(change).SetName("Accepts " + name);

    private static string Key(string role, string map, string key) => $"spec.{role}.{map}[{SpecRules.Shorten(key)}]";

    public static IEnumerable<TestCaseData> BadCases()
    {
        const string Pip = "must be a pip requirement specifier";
        const string Requirements = "spec.deps.requirements[0]";
        yield return Bad("a, 4094 spaces and | as a requirement", a => a.Spec.Deps!.Requirements = ["a" + new string(' ', 4094) + "|"], Requirements, "must be at most 2048 characters, the limit for a pip requirement; has 4096");
        yield return Bad("a, 2046 spaces and | as a requirement", a => a.Spec.Deps!.Requirements = ["a" + new string(' ', 2046) + "|"], Requirements, Pip);
        yield return Bad("a requirement of 2046 spaces around a name", a => a.Spec.Deps!.Requirements = [new string(' ', 1000) + "a" + new string(' ', 1000) + "[" + new string(' ', 46)], Requirements, Pip);
        yield return Bad("a requirement of 290 specifiers", a => a.Spec.Deps!.Requirements = ["a" + Repeat(" == 1 ,", 290) + "|"], Requirements, Pip);
        yield return Bad("a requirement of 400 extras never closed", a => a.Spec.Deps!.Requirements = ["a[" + string.Join(" , ", Enumerable.Repeat("b", 400))], Requirements, Pip);
        yield return Bad("a requirement whose marker never ends", a => a.Spec.Deps!.Requirements = ["a ; " + Repeat("x == 'y' ", 200) + "$"], Requirements, Pip);

        yield return Bad("a package of 255 colons", a => a.Spec.Deps!.Packages = ["a" + Repeat(":a", 255)], "spec.deps.packages[0]", "must be a Maven coordinate");
        yield return Bad("a package of 4096 characters", a => a.Spec.Deps!.Packages = ["a:b:" + new string('1', 4092)], "spec.deps.packages[0]", "must be at most 512 characters, the limit for a Maven coordinate");
        yield return Bad("an exclusion of 512 dots", a => a.Spec.Deps!.ExcludePackages = [new string('.', 512)], "spec.deps.excludePackages[0]", "must be a Maven group:artifact");
        yield return Bad("an exclusion of 4096 dashes", a => a.Spec.Deps!.ExcludePackages = [new string('-', 4096)], "spec.deps.excludePackages[0]", "must be at most 512 characters, the limit for a Maven coordinate");
        yield return Bad("a repository of 1000 labels and a space", a => a.Spec.Deps!.Repositories = ["https://" + Repeat("a.", 1000) + " "], "spec.deps.repositories[0]", "must not contain whitespace");
        yield return Bad("a repository of 4096 characters", a => a.Spec.Deps!.Repositories = ["https://" + new string('a', 4088)], "spec.deps.repositories[0]", "must be at most 2048 characters, the limit for a repository URL");

        const string Image = "spec.sparkImage";
        yield return Bad("an image component of 250 dashes", a => a.Spec.SparkImage = "a" + new string('-', 250) + "/b:1", Image, "repository component");
        yield return Bad("an image component of alternating separators", a => a.Spec.SparkImage = "a" + Repeat("._", 120) + ":1", Image, "repository component");
        yield return Bad("an image component of 250 underscores", a => a.Spec.SparkImage = "a" + new string('_', 250), Image, "repository component");
        yield return Bad("a registry of 120 dashed labels", a => a.Spec.SparkImage = Repeat("a-", 120) + ".-:1/x", Image, "is not a valid registry host[:port]");
        yield return Bad("a tag of 200 dashes", a => a.Spec.SparkImage = "apache/spark:" + new string('-', 200), Image, "the tag must be");
        yield return Bad("an image of 5000 dashes", a => a.Spec.SparkImage = new string('-', 5000), Image, "must be at most 4096 characters");
        yield return Bad("an image of 4096 dashes", a => a.Spec.SparkImage = new string('-', 4096), Image, "a reference must be at most 456 characters");
        yield return Bad("an image of 4000 dots", a => a.Spec.SparkImage = new string('.', 4000), Image, "a reference must be at most 456 characters");
        yield return Bad("a job image of 2000 underscores", a => a.Spec.Image = "a" + new string('_', 2000) + ":1", "spec.image", "a reference must be at most 456 characters");

        var dashed = "a" + new string('-', 62);
        yield return Bad("a label key of 63 characters ending in a dash", a => a.Spec.Driver!.Labels = new Dictionary<string, string> { [dashed] = "x" }, Key("driver", "labels", dashed), "is not a valid key");
        var longKey = new string('-', 4096);
        yield return Bad("a label key of 4096 dashes", a => a.Spec.Driver!.Labels = new Dictionary<string, string> { [longKey] = "x" }, Key("driver", "labels", longKey), "at most 317 characters");
        var badPrefix = Repeat("a-", 126) + "/x";
        yield return Bad("a label key with a prefix of 126 dashed labels", a => a.Spec.Driver!.Labels = new Dictionary<string, string> { [badPrefix] = "x" }, Key("driver", "labels", badPrefix), "is not a valid key");
        yield return Bad("a label value of 61 underscores between a and .", a => a.Spec.Executor!.Labels = new Dictionary<string, string> { ["team"] = "a" + new string('_', 61) + "." }, "spec.executor.labels[team]", "is not a valid label value");
        yield return Bad("a label value of 4096 characters", a => a.Spec.Executor!.Labels = new Dictionary<string, string> { ["team"] = new string('a', 4096) }, "spec.executor.labels[team]", "must be at most 63 characters, the limit for a label value");
        yield return Bad("a node selector key of 4096 dashes", a => a.Spec.Executor!.NodeSelector = new Dictionary<string, string> { [longKey] = "x" }, Key("executor", "nodeSelector", longKey), "at most 317 characters");
        yield return Bad("a node selector value of 4000 dots", a => a.Spec.Job!.NodeSelector = new Dictionary<string, string> { ["zone"] = new string('.', 4000) }, "spec.job.nodeSelector[zone]", "must be at most 63 characters");
        yield return Bad("an annotation key of 4096 dashes", a => a.Spec.Driver!.Annotations = new Dictionary<string, string> { [longKey] = "x" }, Key("driver", "annotations", longKey), "at most 317 characters");

        yield return Bad("a memory of 30 nines", a => a.Spec.Driver!.Memory = new string('9', 30) + "m", "spec.driver.memory", "not a size in Spark's notation");
        yield return Bad("a memory of 4096 digits", a => a.Spec.Executor!.Memory = new string('1', 4096), "spec.executor.memory", "must be at most 32 characters, the limit for a size in Spark's notation");
        yield return Bad("a memory overhead of 4000 b", a => a.Spec.Executor!.MemoryOverhead = "1" + new string('b', 4000), "spec.executor.memoryOverhead", "must be at most 32 characters");
        yield return Bad("a coreLimit of 64 digits", a => a.Spec.Driver!.CoreLimit = "1" + new string('0', 63), "spec.driver.coreLimit", "not a positive Kubernetes quantity");
        yield return Bad("a coreLimit of 4096 characters", a => a.Spec.Driver!.CoreLimit = "1." + new string('0', 4094), "spec.driver.coreLimit", "must be at most 64 characters, the limit for a quantity");
        var longResource = Repeat("a.", 2000) + "/gpu";
        yield return Bad("a resource name of 4004 characters", a => a.Spec.Job!.Resources!.Requests[longResource] = new ResourceQuantity("1"), $"spec.job.resources.requests[{SpecRules.Shorten(longResource)}]", "at most 317 characters");

        yield return Bad("a volume name of 4000 dashes", a => a.Spec.Volumes!.Add(new V1Volume { Name = "a" + new string('-', 4000), EmptyDir = new() }), "spec.volumes[2].name", "not a valid volume name");
        yield return Bad("a claim name of 2000 labels", a => a.Spec.Volumes![0].PersistentVolumeClaim.ClaimName = Repeat("a.", 2000), "spec.volumes[0].persistentVolumeClaim.claimName", "PersistentVolumeClaim");
        yield return Bad("a pull secret of 2000 labels", a => a.Spec.SparkImagePullSecrets = [new V1LocalObjectReference { Name = Repeat("a-.", 1300) }], "spec.sparkImagePullSecrets[0].name", "not a valid Secret name");
        yield return Bad("a mainClass of 2000 parts", a => a.Spec.MainClass = "A" + Repeat(".A", 2000), "spec.mainClass", "not a fully qualified Java class name");
        yield return Bad("a mainApplicationFile of 5000 slashes", a => a.Spec.MainApplicationFile = "local://" + new string('/', 5000), "spec.mainApplicationFile", "at most 4096 characters");
    }

    public static IEnumerable<TestCaseData> GoodCases()
    {
        yield return Good("a requirement of exactly 2048 characters", a => a.Spec.Deps!.Requirements = ["pkg @ https://example.com/" + new string('a', 2048 - 30) + ".whl"]);
        yield return Good("a package of exactly 512 characters", a => a.Spec.Deps!.Packages = ["g:" + new string('a', 512 - 6) + ":1.0"]);
        yield return Good("an image of exactly 456 characters", a => a.Spec.SparkImage = "r.example.com/" + new string('a', 255 - 14) + ":" + new string('t', 128) + "@sha256:" + Hex64);
        yield return Good("a label key of exactly 317 characters", a => a.Spec.Driver!.Labels = new Dictionary<string, string>
        {
            [string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61)) + "/" + new string('e', 63)] = new string('v', 63),
        });
        yield return Good("a memory of exactly 32 characters", a => a.Spec.Driver!.Memory = "512m" + new string(' ', 28));
        yield return Good("a coreLimit of exactly 64 characters", a => a.Spec.Driver!.CoreLimit = "1." + new string('0', 62));
    }

    [TestCaseSource(nameof(BadCases))]
    public void Pathological_value_is_denied_at_its_path(Action<SparkApplication> breakIt, string path, string message)
    {
        var application = ValidApplication.Create();
        breakIt(application);

        var result = ValidApplication.Validate(application);

        Assert.That(result.IsAllowed, Is.False);
        Assert.That(result.Errors.Select(e => e.Path).ToList(), Is.EqualTo(new List<string> { path }), string.Join("\n", result.Errors));
        Assert.That(result.Errors[0].Message, Does.Contain(message));
    }

    [TestCaseSource(nameof(GoodCases))]
    public void Value_at_its_limit_is_allowed(Action<SparkApplication> change)
    {
        var application = ValidApplication.Create();
        change(application);

        Assert.That(ValidApplication.Validate(application).Errors, Is.Empty);
    }
}
