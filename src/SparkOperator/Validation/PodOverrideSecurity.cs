using FluentValidation;
using k8s.Models;
using SparkOperator.Entities;
using SparkOperator.Policy;

namespace SparkOperator.Validation;

/// <summary>
/// What podOverrides may do to a pod's security, by the pod policy's level: the checks of Pod
/// Security's baseline and restricted levels, applied to the fields an override sets. The operator's
/// pods start hardened (restricted), so an override weakens them only through a field it sets.
/// </summary>
internal static class PodOverrideSecurity
{
    // Pod Security baseline's list; restricted allows NET_BIND_SERVICE alone.
    private static readonly string[] BaselineCapabilities =
        ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];

    private const string RestrictedCapability = "NET_BIND_SERVICE";

    // The namespaced sysctls the kubelet allows by default (Pod Security baseline's safe set).
    private static readonly string[] SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    private static readonly string[] SeLinuxTypes = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

    public static void Pod(V1PodSpec pod, PodPolicy policy, string path, ValidationContext<RoleSpec> context)
    {
        var deny = new Denial(policy, context);
        deny.Unless(pod.HostNetwork != true, $"{path}.hostNetwork", "the host's network namespace", PodOverridesLevel.Privileged);
        deny.Unless(pod.HostPID != true, $"{path}.hostPID", "the host's process namespace", PodOverridesLevel.Privileged);
        deny.Unless(pod.HostIPC != true, $"{path}.hostIPC", "the host's IPC namespace", PodOverridesLevel.Privileged);
        deny.Unless(pod.NodeName is null, $"{path}.nodeName", "a pod bound to a node past the scheduler (and the node's taints)", PodOverridesLevel.Privileged);

        if (pod.SecurityContext is not { } security)
        {
            return;
        }

        var at = $"{path}.securityContext";
        User(deny, security.RunAsNonRoot, security.RunAsUser, at);
        Profiles(deny, security.SeccompProfile?.Type, security.AppArmorProfile?.Type, security.SeLinuxOptions, security.WindowsOptions, at);
        for (var i = 0; i < (security.Sysctls?.Count ?? 0) && i < ValidationLimits.MaxItems; i++)
        {
            var name = security.Sysctls![i]?.Name ?? "";
            deny.Unless(SafeSysctls.Contains(name, StringComparer.Ordinal), $"{at}.sysctls[{i}].name", $"the sysctl '{SpecRules.Shorten(name)}' (outside Kubernetes' safe set)", PodOverridesLevel.Privileged);
        }
    }

    public static void Container(V1Container container, PodPolicy policy, string path, ValidationContext<RoleSpec> context)
    {
        var deny = new Denial(policy, context);
        for (var i = 0; i < (container.Ports?.Count ?? 0) && i < ValidationLimits.MaxItems; i++)
        {
            deny.Unless(container.Ports![i]?.HostPort is null or 0, $"{path}.ports[{i}].hostPort", "a port on the host", PodOverridesLevel.Privileged);
        }

        if (container.SecurityContext is not { } security)
        {
            return;
        }

        var at = $"{path}.securityContext";
        deny.Unless(security.Privileged != true, $"{at}.privileged", "a privileged container", PodOverridesLevel.Privileged);
        deny.Unless(security.AllowPrivilegeEscalation != true, $"{at}.allowPrivilegeEscalation", "privilege escalation", PodOverridesLevel.Baseline);
        deny.Unless(security.ProcMount is null or "Default", $"{at}.procMount", "an unmasked /proc", PodOverridesLevel.Privileged);
        User(deny, security.RunAsNonRoot, security.RunAsUser, at);
        Profiles(deny, security.SeccompProfile?.Type, security.AppArmorProfile?.Type, security.SeLinuxOptions, security.WindowsOptions, at);
        if (security.Capabilities is not { } capabilities)
        {
            return;
        }

        deny.Unless(capabilities.Drop is null || capabilities.Drop.Any(c => c is "ALL"), $"{at}.capabilities.drop", "a container keeping capabilities (the list replaces the operator's drop of ALL, so it must hold ALL)", PodOverridesLevel.Baseline);
        for (var i = 0; i < (capabilities.Add?.Count ?? 0) && i < ValidationLimits.MaxItems; i++)
        {
            var name = capabilities.Add![i] ?? "";
            var bare = name.StartsWith("CAP_", StringComparison.Ordinal) ? name[4..] : name;
            var needed = bare == RestrictedCapability ? PodOverridesLevel.Restricted
                : BaselineCapabilities.Contains(bare, StringComparer.Ordinal) ? PodOverridesLevel.Baseline
                : PodOverridesLevel.Privileged;
            deny.Unless(needed == PodOverridesLevel.Restricted, $"{at}.capabilities.add[{i}]", $"the capability {SpecRules.Shorten(name)}", needed);
        }
    }

    private static void User(Denial deny, bool? runAsNonRoot, long? runAsUser, string path)
    {
        deny.Unless(runAsNonRoot != false, $"{path}.runAsNonRoot", "a container that may run as root", PodOverridesLevel.Baseline);
        deny.Unless(runAsUser != 0, $"{path}.runAsUser", "running as root (uid 0)", PodOverridesLevel.Baseline);
    }

    private static void Profiles(Denial deny, string? seccomp, string? appArmor, V1SELinuxOptions? seLinux, V1WindowsSecurityContextOptions? windows, string path)
    {
        deny.Unless(seccomp is not "Unconfined", $"{path}.seccompProfile.type", "an unconfined seccomp profile", PodOverridesLevel.Privileged);
        deny.Unless(appArmor is not "Unconfined", $"{path}.appArmorProfile.type", "an unconfined AppArmor profile", PodOverridesLevel.Privileged);
        deny.Unless(windows?.HostProcess != true, $"{path}.windowsOptions.hostProcess", "a Windows host process", PodOverridesLevel.Privileged);
        if (seLinux is null)
        {
            return;
        }

        deny.Unless(string.IsNullOrEmpty(seLinux.Type) || SeLinuxTypes.Contains(seLinux.Type, StringComparer.Ordinal), $"{path}.seLinuxOptions.type", $"the SELinux type '{SpecRules.Shorten(seLinux.Type)}'", PodOverridesLevel.Privileged);
        deny.Unless(string.IsNullOrEmpty(seLinux.User), $"{path}.seLinuxOptions.user", "a custom SELinux user", PodOverridesLevel.Privileged);
        deny.Unless(string.IsNullOrEmpty(seLinux.Role), $"{path}.seLinuxOptions.role", "a custom SELinux role", PodOverridesLevel.Privileged);
    }

    /// <summary>Fails a field whose value needs a looser level than the policy's, naming the setting that would allow it.</summary>
    private readonly struct Denial(PodPolicy policy, ValidationContext<RoleSpec> context)
    {
        public void Unless(bool fine, string path, string what, PodOverridesLevel needed)
        {
            if (fine || policy.PodOverridesLevel >= needed)
            {
                return;
            }

            context.Fail(path, $"{what} is not allowed by the operator's pod policy ({PodPolicy.PodOverridesLevelSetting} is {Name(policy.PodOverridesLevel)}); "
                + $"an operator administrator can allow it with {PodPolicy.PodOverridesLevelSetting}={Name(needed)}");
        }

        private static string Name(PodOverridesLevel level) => level.ToString().ToLowerInvariant();
    }
}
