using SparkOperator.Hosting;

namespace SparkOperator.Manifests;

/// <summary>Strategic-merge patches the generated kustomize overlays share.</summary>
internal static class OverlayPatches
{
    /// <summary>Sets one environment variable of the operator's container, after <paramref name="comment"/> lines.</summary>
    public static string DeploymentEnv(string comment, string name, string value) =>
        comment + $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {OperatorDefaults.Name}
          namespace: {OperatorDefaults.Namespace}
        spec:
          template:
            spec:
              containers:
              - name: operator
                env:
                - name: {name}
                  value: {value}

        """;
}
