using k8s.Models;
using SparkOperator.Framework.Manifests;
using SparkOperator.Hosting;

namespace SparkOperator.Manifests;

/// <summary>
/// <c>config/namespaced</c>: the install for a cluster where the operator may act in chosen
/// namespaces only. It is <c>config/default</c> without the ClusterRoleBinding: a RoleBinding in
/// each watched namespace grants the same ClusterRole there and nowhere else (a RoleBinding to a
/// ClusterRole grants its rules in the binding's namespace only), and the Deployment watches just
/// those namespaces. The overlay names one, <see cref="ExampleNamespace"/>; add a RoleBinding and
/// a WATCH_NAMESPACE entry per namespace.
/// </summary>
internal static class NamespacedInstall
{
    /// <summary>The watched namespace the overlay is written for.</summary>
    public const string ExampleNamespace = "spark-apps";

    public static IEnumerable<ManifestFile> Files(IReadOnlyList<string> header)
    {
        var binding = RbacManifests.RoleBinding(OperatorDefaults.Name, ExampleNamespace, OperatorDefaults.Name, OperatorDefaults.Name);
        binding.RoleRef.Kind = V1ClusterRole.KubeKind;
        binding.Subjects[0].NamespaceProperty = OperatorDefaults.Namespace;
        yield return new ManifestFile("namespaced/role_binding.yaml", ManifestYaml.Serialize([binding], header));

        var comment = string.Concat(header.Select(h => $"# {h}\n"));
        yield return new ManifestFile(
            "namespaced/delete_cluster_role_binding.yaml",
            comment + $"""
            # The cluster-wide binding of config/rbac is what this install leaves out.
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: {OperatorDefaults.Name}
            $patch: delete

            """);
        yield return new ManifestFile(
            "namespaced/watch_namespace.yaml",
            OverlayPatches.DeploymentEnv(
                comment + "# Comma-separated: every namespace listed needs a RoleBinding like role_binding.yaml.\n",
                "WATCH_NAMESPACE",
                ExampleNamespace));
        yield return new ManifestFile(
            "namespaced/kustomization.yaml",
            Kustomization.Render(["../default", "role_binding.yaml"])
            + "patches:\n- path: delete_cluster_role_binding.yaml\n- path: watch_namespace.yaml\n");
    }
}
