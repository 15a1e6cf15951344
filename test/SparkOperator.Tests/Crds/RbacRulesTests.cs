using k8s.Models;
using SparkOperator.Controllers;
using SparkOperator.Entities;
using SparkOperator.Framework.Rbac;

namespace SparkOperator.Tests.Crds;

public class RbacRulesTests
{
    [EntityRbac(typeof(V1Pod), Verbs = RbacVerb.Get)]
    [EntityRbac(typeof(V1Pod), typeof(V1Service), Verbs = RbacVerb.List | RbacVerb.Get)]
    [EntityRbac(typeof(V1Pod), Subresource = "log", Verbs = RbacVerb.Get)]
    private sealed class First;

    [EntityRbac(typeof(V1Job), Verbs = RbacVerb.Watch)]
    [GenericRbac(Groups = ["coordination.k8s.io"], Resources = ["leases"], Verbs = RbacVerb.Create)]
    [GenericRbac(Resources = ["services"], Verbs = RbacVerb.Watch)]
    private sealed class Second;

    [EntityRbac(typeof(string), Verbs = RbacVerb.Get)]
    private sealed class NotAnEntity;

    [EntityRbac(typeof(V1Pod))]
    private sealed class NoVerb;

    private static string Render(IEnumerable<V1PolicyRule> rules) =>
        string.Join("\n", rules.Select(r => $"{r.ApiGroups.Single()}|{string.Join(",", r.Resources)}|{string.Join(",", r.Verbs)}"));

    [Test]
    public void Verbs_are_merged_per_resource_and_resources_grouped_by_verbs()
    {
        var expected = string.Join("\n",
            "|pods|get,list",
            "|pods/log|get",
            "|services|get,list,watch",
            "batch|jobs|watch",
            "coordination.k8s.io|leases|create");
        Assert.That(Render(RbacRules.FromTypes([typeof(First), typeof(Second)])), Is.EqualTo(expected));
    }

    [Test]
    public void Output_does_not_depend_on_declaration_order() =>
        Assert.That(
            Render(RbacRules.FromTypes([typeof(Second), typeof(First)])),
            Is.EqualTo(Render(RbacRules.FromTypes([typeof(First), typeof(Second)]))));

    [Test]
    public void Mistakes_are_refused()
    {
        Assert.That(() => RbacRules.FromTypes([typeof(NotAnEntity)]), Throws.InvalidOperationException.With.Message.Contains("KubernetesEntity"));
        Assert.That(() => RbacRules.FromTypes([typeof(NoVerb)]), Throws.InvalidOperationException.With.Message.Contains("no verb"));
    }

    [TestCase("sparkoperator.dev", "sparkapplications", "get,list,watch,create,patch,delete")]
    [TestCase("sparkoperator.dev", "sparkapplications/status", "patch")]
    [TestCase("sparkoperator.dev", "sparkapplications/finalizers", "update")]
    [TestCase("sparkoperator.dev", "scheduledsparkapplications", "list,watch")]
    [TestCase("sparkoperator.dev", "scheduledsparkapplications/status", "patch")]
    [TestCase("sparkoperator.dev", "scheduledsparkapplications/finalizers", "update")]
    [TestCase("batch", "jobs", "get,list,watch,create,patch")]
    [TestCase("", "pods", "get,list,watch,deletecollection")]
    [TestCase("", "serviceaccounts", "get,create,patch")]
    [TestCase("", "configmaps", "get,create,patch")]
    [TestCase("", "services", "get,create,patch")]
    [TestCase("apps", "deployments", "get,list,watch,create,patch")]
    [TestCase("networking.k8s.io", "ingresses", "get,create,patch,delete")]
    [TestCase("sparkoperator.dev", "sparkhistoryservers", "list,watch")]
    [TestCase("sparkoperator.dev", "sparkhistoryservers/status", "patch")]
    [TestCase("rbac.authorization.k8s.io", "rolebindings", "get,create,patch")]
    [TestCase("", "events", "get,list,create,patch")]
    public void The_operator_holds_what_it_needs(string group, string resource, string verbs)
    {
        var rules = RbacRules.FromAssemblies(typeof(SparkApplication).Assembly);
        var rule = rules.Single(r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource));
        Assert.That(string.Join(",", rule.Verbs), Is.EqualTo(verbs));
    }

    [TestCase("", "pods/log")]
    [TestCase("", "services/proxy")]
    [TestCase("", "endpoints")]
    [TestCase("", "persistentvolumeclaims")]
    [TestCase("", "secrets")]
    [TestCase("rbac.authorization.k8s.io", "roles")]
    [TestCase("events.k8s.io", "events")]
    public void The_operator_holds_nothing_it_does_not_call(string group, string resource) =>
        Assert.That(RbacRules.FromAssemblies(typeof(SparkApplication).Assembly).Where(r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource)), Is.Empty);

    [Test]
    public void The_operator_may_bind_the_driver_role_and_nothing_else()
    {
        var rules = RbacRules.FromAssemblies(typeof(SparkApplication).Assembly);
        var bind = rules.Where(r => r.Verbs.Contains("bind")).ToList();
        Assert.That(bind, Has.Count.EqualTo(1));
        Assert.That(bind[0].Resources, Is.EqualTo(new[] { "clusterroles" }));
        Assert.That(bind[0].ResourceNames, Is.EqualTo(new[] { "spark-operator-driver" }));
        Assert.That(rules.SelectMany(r => r.Verbs), Has.None.EqualTo("escalate").And.None.EqualTo("impersonate").And.None.EqualTo("*"));
        Assert.That(rules.Where(r => r.Resources.Contains("pods")).SelectMany(r => r.Verbs), Has.None.EqualTo("create"), "the operator never creates a pod itself");
    }

    [Test]
    public void The_operator_declares_its_needs_on_the_controller() =>
        Assert.That(typeof(SparkApplicationController).GetCustomAttributes(typeof(EntityRbacAttribute), false), Is.Not.Empty);
}
