using k8s.Models;
using SparkOperator.Policy;

namespace SparkOperator.Submission;

/// <summary>
/// The security context of every pod and container the operator builds (the submit pod, the driver
/// and executor templates, every init container): what Pod Security's restricted level requires,
/// so the operator's pods are admitted where a namespace enforces it. Spark keeps a template's
/// security contexts in the driver and executors it creates.
/// </summary>
internal static class PodSecurity
{
    public static V1PodSecurityContext Pod(PodPolicy policy) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = policy.RunAsUser,
        RunAsGroup = policy.RunAsGroup,
        FsGroup = policy.RunAsGroup,

        // A large volume is chowned on every mount otherwise.
        FsGroupChangePolicy = "OnRootMismatch",
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        AllowPrivilegeEscalation = false,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };
}
