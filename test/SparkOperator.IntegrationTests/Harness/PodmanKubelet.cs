using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// Stands in for the kubelet on the kit's simulated nodes: runs a pod's container with podman the
/// way a kubelet would run it: its image, command and args, its env (downward-API fields resolved),
/// its user and group, a read-only root filesystem, dropped capabilities and no privilege
/// escalation when the pod asks for them, emptyDir volumes as tmpfs, and the pod's ServiceAccount
/// token (TokenRequest API, bound to the pod when it is a real one) with the cluster CA at the
/// in-cluster path, and KUBERNETES_SERVICE_HOST/PORT pointing at the API server.
/// Networking is the one thing it cannot give: containers share the host's network (see
/// ../shared/containers.md), so a caller gives each container ports of its own through env.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PodmanKubelet(IKubernetes client, Uri apiServer, string clusterCaFile) : IAsyncDisposable
{
    private const string TokenDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly ConcurrentDictionary<string, string> _containers = new();
    private readonly ConcurrentBag<DirectoryInfo> _directories = [];

    /// <summary>The podman container names started, by pod name.</summary>
    public IReadOnlyDictionary<string, string> Containers => _containers;

    /// <summary>
    /// Runs <paramref name="pod"/>'s one container. <paramref name="env"/> adds or replaces variables
    /// (a caller's deviation from the pod, to be named where it is used); <paramref name="mounts"/>
    /// adds host directories (host path → mount path, read-only). Returns the container's name.
    /// </summary>
    public async Task<string> RunAsync(V1Pod pod, IReadOnlyDictionary<string, string>? env = null, IEnumerable<(string Host, string MountPath)>? mounts = null)
    {
        var spec = pod.Spec;
        var container = spec.Containers.Single();
        var name = $"kubelet-{pod.Metadata.Name}"[..Math.Min(63, $"kubelet-{pod.Metadata.Name}".Length)].TrimEnd('-');
        List<string> run = ["run", "--detach", "--name", name, "--network", "host"];

        var user = container.SecurityContext?.RunAsUser ?? spec.SecurityContext?.RunAsUser;
        var group = container.SecurityContext?.RunAsGroup ?? spec.SecurityContext?.RunAsGroup;
        if (user is not null)
        {
            run.AddRange(["--user", group is null ? $"{user}" : $"{user}:{group}"]);
        }

        if (container.SecurityContext?.ReadOnlyRootFilesystem == true)
        {
            run.Add("--read-only");
        }

        if (container.SecurityContext?.Capabilities?.Drop?.Contains("ALL") == true)
        {
            run.Add("--cap-drop=all");
        }

        if (container.SecurityContext?.AllowPrivilegeEscalation == false)
        {
            run.AddRange(["--security-opt", "no-new-privileges"]);
        }

        run.AddRange(["-e", $"KUBERNETES_SERVICE_HOST={apiServer.Host}", "-e", $"KUBERNETES_SERVICE_PORT={apiServer.Port}"]);
        var variables = new List<(string Name, string Value)>();
        foreach (var variable in container.Env ?? [])
        {
            variables.Add((variable.Name, variable.ValueFrom?.FieldRef?.FieldPath switch
            {
                "metadata.namespace" => pod.Metadata.NamespaceProperty,
                "metadata.name" => pod.Metadata.Name,
                "spec.serviceAccountName" => spec.ServiceAccountName ?? "default",
                "spec.nodeName" => spec.NodeName ?? string.Empty,
                "status.podIP" => "127.0.0.1",
                null when variable.ValueFrom is null => variable.Value ?? string.Empty,
                _ => throw new AssertionException($"env {variable.Name} reads {variable.ValueFrom}, which this stand-in does not resolve"),
            }));
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            variables.RemoveAll(v => v.Name == key);
            variables.Add((key, value));
        }

        foreach (var (key, value) in variables)
        {
            run.AddRange(["-e", $"{key}={value}"]);
        }

        var root = Directory.CreateTempSubdirectory("sparkop-kubelet-");
        _directories.Add(root);
        var tokenMounted = false;
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = spec.Volumes.Single(v => v.Name == mount.Name);
            if (volume.EmptyDir is not null)
            {
                run.AddRange(["--tmpfs", $"{mount.MountPath}:rw,mode=1777"]);
            }
            else if (volume.Projected?.Sources?.Any(s => s.ServiceAccountToken is not null) == true)
            {
                // The API server's ServiceAccount admission adds this volume (kube-api-access-*) to a real pod.
                run.AddRange(["-v", $"{await ServiceAccountAsync(pod, root)}:{mount.MountPath}:ro"]);
                tokenMounted = true;
            }
            else
            {
                throw new AssertionException($"volume {volume.Name} is neither an emptyDir nor the ServiceAccount projection, which is all this stand-in mounts");
            }
        }

        // A pod that never went through the API server has no projected volume yet: mount the token as its admission would.
        if (!tokenMounted && spec.AutomountServiceAccountToken != false)
        {
            run.AddRange(["-v", $"{await ServiceAccountAsync(pod, root)}:{TokenDirectory}:ro"]);
        }

        foreach (var (host, mountPath) in mounts ?? [])
        {
            run.AddRange(["-v", $"{host}:{mountPath}:ro"]);
        }

        if (container.Command is { Count: > 0 } command)
        {
            run.AddRange(["--entrypoint", System.Text.Json.JsonSerializer.Serialize(command)]);
        }

        run.Add(container.Image);
        run.AddRange(container.Args ?? []);
        var (code, output) = await Podman.RunAsync(run);
        Assert.That(code, Is.Zero, $"podman {string.Join(' ', run)}:\n{output}");
        _containers[pod.Metadata.Name] = name;
        return name;
    }

    /// <summary>
    /// Runs every pod of <paramref name="ns"/> matching <paramref name="labelSelector"/> once the
    /// scheduler has placed it, and removes the container of a pod that is gone, until cancelled.
    /// <paramref name="env"/> gives each pod's deviations.
    /// </summary>
    public async Task ServeAsync(string ns, string labelSelector, Func<V1Pod, IReadOnlyDictionary<string, string>> env, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: cancellationToken);
            foreach (var pod in pods.Items.Where(p => p.Spec.NodeName is not null && p.Metadata.DeletionTimestamp is null && !_containers.ContainsKey(p.Metadata.Name)))
            {
                await RunAsync(pod, env(pod));
            }

            foreach (var gone in _containers.Keys.Where(n => pods.Items.All(p => p.Metadata.Name != n || p.Metadata.DeletionTimestamp is not null)).ToList())
            {
                await Podman.RunAsync(["rm", "--force", _containers[gone]]);
                _containers.TryRemove(gone, out _);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>The container's output so far.</summary>
    public async Task<string> LogsAsync(string podName) =>
        _containers.TryGetValue(podName, out var name) ? (await Podman.RunAsync(["logs", name])).Output : $"(no container for pod {podName})";

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _containers.Values)
        {
            await Podman.RunAsync(["rm", "--force", name]);
        }

        foreach (var directory in _directories)
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The projected ServiceAccount volume: token, ca.crt and namespace, readable by the container's user.</summary>
    private async Task<string> ServiceAccountAsync(V1Pod pod, DirectoryInfo root)
    {
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600, Audiences = [] } };
        if (pod.Metadata.Uid is { } uid)
        {
            request.Spec.BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = uid };
        }

        var token = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, pod.Spec.ServiceAccountName ?? "default", pod.Metadata.NamespaceProperty);
        var account = Directory.CreateDirectory(Path.Combine(root.FullName, "serviceaccount"));
        await File.WriteAllTextAsync(Path.Combine(account.FullName, "token"), token.Status.Token);
        File.Copy(clusterCaFile, Path.Combine(account.FullName, "ca.crt"));
        await File.WriteAllTextAsync(Path.Combine(account.FullName, "namespace"), pod.Metadata.NamespaceProperty);
        MakeReadable(root);
        return account.FullName;
    }

    /// <summary>Readable by any user, as the kubelet's projections are for the pod's user.</summary>
    public static void MakeReadable(DirectoryInfo root)
    {
        foreach (var entry in root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(entry.FullName, entry is DirectoryInfo
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
