using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.History;

namespace SparkOperator.Tests.History;

/// <summary>The status follows the Deployment's availability.</summary>
public class HistoryServerStatusTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 15, 0, 0, DateTimeKind.Utc);

    private static V1Deployment Deployment(string available, int ready) => new()
    {
        Status = new V1DeploymentStatus
        {
            ReadyReplicas = ready,
            Conditions = [new V1DeploymentCondition { Type = "Available", Status = available, Reason = "MinimumReplicasAvailable", Message = "Deployment has minimum availability." }],
        },
    };

    [Test]
    public void Available_follows_the_Deployment()
    {
        var status = HistoryServerStatusBuilder.FromDeployment(TestServers.Minimal(), Deployment("True", 1), Now);
        var condition = status.Conditions!.Single();

        Assert.That((condition.Type, condition.Status, condition.Reason), Is.EqualTo(("Available", "True", "MinimumReplicasAvailable")));
        Assert.That((status.ReadyReplicas, status.Replicas, status.ObservedGeneration), Is.EqualTo(((int?)1, (int?)1, (long?)3)));
        Assert.That((status.ServiceName, status.Url), Is.EqualTo(("history", "http://history.team-a.svc:18080")));
    }

    [Test]
    public void Before_the_Deployment_reports_it_is_not_available()
    {
        var condition = HistoryServerStatusBuilder.FromDeployment(TestServers.Minimal(), null, Now).Conditions!.Single();
        Assert.That((condition.Status, condition.Reason), Is.EqualTo(("False", "DeploymentPending")));
    }

    [Test]
    public void An_unchanged_condition_keeps_its_transition_time()
    {
        var server = TestServers.Minimal();
        server.Status = HistoryServerStatusBuilder.FromDeployment(server, Deployment("True", 1), Now);

        var later = HistoryServerStatusBuilder.FromDeployment(server, Deployment("True", 1), Now.AddMinutes(5));
        var down = HistoryServerStatusBuilder.FromDeployment(server, Deployment("False", 0), Now.AddMinutes(5));

        Assert.That(later.Conditions!.Single().LastTransitionTime, Is.EqualTo(Now));
        Assert.That(down.Conditions!.Single().LastTransitionTime, Is.EqualTo(Now.AddMinutes(5)));
    }

    [Test]
    public void A_refusal_says_why_in_the_condition()
    {
        var condition = HistoryServerStatusBuilder.Refused(TestServers.Minimal(), "NameTaken", "Service team-a/history exists", Now).Conditions!.Single();
        Assert.That((condition.Status, condition.Reason, condition.Message), Is.EqualTo(("False", "NameTaken", "Service team-a/history exists")));
    }
}
