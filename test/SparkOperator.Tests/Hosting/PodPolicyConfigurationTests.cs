using Microsoft.Extensions.Configuration;
using SparkOperator.Hosting;
using SparkOperator.Policy;

namespace SparkOperator.Tests.Hosting;

public class PodPolicyConfigurationTests
{
    private static PodPolicy Read(Dictionary<string, string?> values) =>
        PodPolicyConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Test]
    public void Nothing_configured_is_the_safe_default()
    {
        var policy = Read([]);
        Assert.That(policy.AllowedVolumeTypes, Is.EqualTo(PodPolicy.RestrictedVolumeTypes));
        Assert.That(policy.AllowedHostPathPrefixes, Is.Empty);
        Assert.That(policy.AllowedSparkConf, Is.Empty);
        Assert.That((policy.RunAsUser, policy.RunAsGroup), Is.EqualTo((185L, 185L)));
        Assert.That(policy.AllowAnyServiceAccount, Is.False);
        Assert.That(policy.AllowedServiceAccountAnnotationPrefixes, Is.EqualTo(new[] { "eks.amazonaws.com/", "iam.gke.io/", "azure.workload.identity/" }));
    }

    [Test]
    public void Service_account_settings_are_read()
    {
        var policy = Read(new()
        {
            ["Policy:AllowAnyServiceAccount"] = "true",
            ["Policy:AllowedServiceAccountAnnotationPrefixes"] = "example.com/, eks.amazonaws.com/",
        });
        Assert.That(policy.AllowAnyServiceAccount, Is.True);
        Assert.That(policy.AllowedServiceAccountAnnotationPrefixes, Is.EqualTo(new[] { "example.com/", "eks.amazonaws.com/" }));
        Assert.That(Read(new() { ["Policy:AllowedServiceAccountAnnotationPrefixes"] = "" }).AllowedServiceAccountAnnotationPrefixes, Is.Empty, "an empty value allows none");
    }

    [Test]
    public void Lists_read_as_indexed_items_or_one_comma_separated_value()
    {
        var policy = Read(new()
        {
            ["Policy:AllowedVolumeTypes:0"] = "configMap",
            ["Policy:AllowedVolumeTypes:1"] = "hostPath",
            ["Policy:AllowedHostPathPrefixes"] = "/data, /scratch",
            ["Policy:RunAsUser"] = "1000",
        });
        Assert.That(policy.AllowedVolumeTypes, Is.EqualTo(new[] { "configMap", "hostPath" }));
        Assert.That(policy.AllowedHostPathPrefixes, Is.EqualTo(new[] { "/data", "/scratch" }));
        Assert.That(policy.RunAsUser, Is.EqualTo(1000));
        Assert.That(policy.AllowsHostPath("/scratch/x"), Is.True);
        Assert.That(policy.AllowsHostPath("/scratchpad"), Is.False);
    }

    [TestCase(null, PodOverridesLevel.Restricted)]
    [TestCase("baseline", PodOverridesLevel.Baseline)]
    [TestCase("Privileged", PodOverridesLevel.Privileged)]
    public void The_pod_overrides_level_reads_by_name(string? value, PodOverridesLevel expected) =>
        Assert.That(Read(new() { ["Policy:PodOverridesLevel"] = value }).PodOverridesLevel, Is.EqualTo(expected));

    [TestCase("lenient")]
    [TestCase("3")]
    public void An_unknown_pod_overrides_level_stops_the_operator(string value) =>
        Assert.That(() => Read(new() { ["Policy:PodOverridesLevel"] = value }), Throws.InvalidOperationException.With.Message.Contains("Policy:PodOverridesLevel"));
}
