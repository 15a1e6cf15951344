using Microsoft.Extensions.Configuration;
using SparkOperator.Framework.Hosting;

namespace SparkOperator.Tests.Framework;

public class OperatorOptionsTests
{
    [Test]
    public void Options_come_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WATCH_NAMESPACE"] = " team-a, team-b ,team-a,",
            ["POD_NAMESPACE"] = "operators",
            ["POD_NAME"] = "operator-0",
            ["Operator:Workers"] = "7",
            ["Operator:ResyncPeriod"] = "00:01:30",
            ["Operator:LeaderElection:Enabled"] = "false",
            ["Operator:LeaderElection:LeaseName"] = "my-lease",
        }).Build();
        var options = new OperatorOptions();

        OperatorServiceCollectionExtensions.Bind(configuration, options);

        Assert.That(options.Namespaces, Is.EqualTo(new[] { "team-a", "team-b" }));
        Assert.That(options.Workers, Is.EqualTo(7));
        Assert.That(options.ResyncPeriod, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(options.LeaderElection.Enabled, Is.False);
        Assert.That(options.LeaderElection.LeaseName, Is.EqualTo("my-lease"));
        Assert.That(options.LeaderElection.LeaseNamespace, Is.EqualTo("operators"));
        Assert.That(options.LeaderElection.Identity, Is.EqualTo("operator-0"));
    }

    [Test]
    public void No_WATCH_NAMESPACE_watches_all_namespaces()
    {
        var options = new OperatorOptions();
        OperatorServiceCollectionExtensions.Bind(new ConfigurationBuilder().Build(), options);

        Assert.That(options.Namespaces, Is.Empty);
        Assert.That(options.LeaderElection.Enabled, Is.True);
    }
}
