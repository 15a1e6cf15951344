using k8s.Models;

namespace SparkOperator.Framework.Rbac;

/// <summary>
/// Declares that the class needs <see cref="Verbs"/> on the resources of the given entity types
/// (any class with <see cref="KubernetesEntityAttribute"/>, including KubernetesClient models such
/// as <c>V1Pod</c>). <see cref="RbacRules"/> merges every declaration into ClusterRole rules.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class EntityRbacAttribute(params Type[] entities) : Attribute
{
    /// <summary>The entity types whose resources the rule covers.</summary>
    public IReadOnlyList<Type> Entities { get; } = entities;

    /// <summary>The verbs needed.</summary>
    public RbacVerb Verbs { get; set; }

    /// <summary>A subresource such as <c>status</c>, <c>finalizers</c> or <c>log</c>; null for the resource itself.</summary>
    public string? Subresource { get; set; }
}

/// <summary>
/// Declares that the class needs <see cref="Verbs"/> on every resource in <see cref="Resources"/>
/// of every API group in <see cref="Groups"/>, for resources no entity type stands for.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GenericRbacAttribute : Attribute
{
    /// <summary>API groups; <c>""</c> is the core group.</summary>
#pragma warning disable CA1819 // Attribute arguments can only be arrays.
    public string[] Groups { get; set; } = [""];

    /// <summary>Resources, with <c>/subresource</c> where needed (e.g. <c>pods/log</c>).</summary>
    public string[] Resources { get; set; } = [];

    /// <summary>Names the rule is limited to (e.g. the one ClusterRole the operator may bind); empty for all.</summary>
    public string[] ResourceNames { get; set; } = [];
#pragma warning restore CA1819

    /// <summary>The verbs needed.</summary>
    public RbacVerb Verbs { get; set; }
}
