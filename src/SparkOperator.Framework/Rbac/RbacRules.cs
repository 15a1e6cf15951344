using System.Reflection;
using k8s.Models;
using SparkOperator.Framework.Crds;

namespace SparkOperator.Framework.Rbac;

/// <summary>
/// Collects <see cref="EntityRbacAttribute"/> and <see cref="GenericRbacAttribute"/> declarations into
/// ClusterRole rules. The result is deterministic: verbs are OR-ed per (group, resource), resources
/// with the same group and verbs share one rule, and rules, resources and verbs come out sorted.
/// </summary>
public static class RbacRules
{
    private static readonly (RbacVerb Verb, string Name)[] VerbNames =
    [
        (RbacVerb.Get, "get"), (RbacVerb.List, "list"), (RbacVerb.Watch, "watch"), (RbacVerb.Create, "create"),
        (RbacVerb.Update, "update"), (RbacVerb.Patch, "patch"), (RbacVerb.Delete, "delete"),
        (RbacVerb.DeleteCollection, "deletecollection"), (RbacVerb.Bind, "bind"),
    ];

    /// <summary>The rules declared on every type of <paramref name="assemblies"/>.</summary>
    public static IReadOnlyList<V1PolicyRule> FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        return FromTypes(assemblies.SelectMany(a => a.GetTypes()));
    }

    /// <summary>The rules declared on <paramref name="types"/>.</summary>
    /// <exception cref="InvalidOperationException">A declaration names no verb, or an entity type lacks <see cref="KubernetesEntityAttribute"/>.</exception>
    public static IReadOnlyList<V1PolicyRule> FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var grants = new Dictionary<(string Group, string Resource, string Names), RbacVerb>();
        void Grant(Type declaringType, string group, string resource, RbacVerb verbs, string names = "")
        {
            if (verbs == RbacVerb.None)
            {
                throw new InvalidOperationException($"An RBAC attribute on {declaringType.FullName} grants no verb on {resource}.");
            }

            grants[(group, resource, names)] = grants.GetValueOrDefault((group, resource, names)) | verbs;
        }

        foreach (var type in types)
        {
            foreach (var declaration in type.GetCustomAttributes<EntityRbacAttribute>(inherit: false))
            {
                foreach (var entity in declaration.Entities)
                {
                    var meta = entity.GetCustomAttribute<KubernetesEntityAttribute>()
                        ?? throw new InvalidOperationException($"{entity.FullName} in [EntityRbac] on {type.FullName} has no [KubernetesEntity].");
                    var resource = CrdGenerator.Plural(meta);
                    if (!string.IsNullOrEmpty(declaration.Subresource))
                    {
                        resource += "/" + declaration.Subresource;
                    }

                    Grant(type, meta.Group ?? "", resource, declaration.Verbs);
                }
            }

            foreach (var declaration in type.GetCustomAttributes<GenericRbacAttribute>(inherit: false))
            {
                foreach (var group in declaration.Groups)
                {
                    foreach (var resource in declaration.Resources)
                    {
                        Grant(type, group, resource, declaration.Verbs, string.Join(',', declaration.ResourceNames.Order(StringComparer.Ordinal)));
                    }
                }
            }
        }

        return Merge(grants);
    }

    /// <summary>The verbs' RBAC names, in a fixed order (get, list, watch, create, update, patch, delete, deletecollection, bind).</summary>
    public static IList<string> Names(RbacVerb verbs) =>
        VerbNames.Where(v => verbs.HasFlag(v.Verb)).Select(v => v.Name).ToList();

    // A rule limited to resourceNames stays a rule of its own: merging it would widen or narrow others.
    private static List<V1PolicyRule> Merge(Dictionary<(string Group, string Resource, string Names), RbacVerb> grants) =>
        grants
            .GroupBy(g => (g.Key.Group, g.Key.Names, g.Value))
            .Select(g => new V1PolicyRule
            {
                ApiGroups = [g.Key.Group],
                Resources = g.Select(x => x.Key.Resource).Order(StringComparer.Ordinal).ToList(),
                ResourceNames = g.Key.Names.Length == 0 ? null : g.Key.Names.Split(','),
                Verbs = Names(g.Key.Value),
            })
            .OrderBy(r => r.ApiGroups[0], StringComparer.Ordinal)
            .ThenBy(r => r.Resources[0], StringComparer.Ordinal)
            .ThenBy(r => r.ResourceNames is null ? "" : string.Join(',', r.ResourceNames), StringComparer.Ordinal)
            .ToList();
}
