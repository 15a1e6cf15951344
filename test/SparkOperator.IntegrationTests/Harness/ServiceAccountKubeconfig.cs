using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using SparkOperator.Hosting;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// Kubeconfigs that authenticate as a ServiceAccount: a token from the TokenRequest API, with the
/// admin kubeconfig's server and CA. An operator run with one has exactly the rights RBAC gives that
/// account, so a missing or surplus grant shows up as the API server's 403, as in production.
/// </summary>
public static class ServiceAccountKubeconfig
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly ConcurrentBag<string> Written = [];
    private static readonly SemaphoreSlim OperatorLock = new(1, 1);
    private static (string Path, DateTime Expires)? _operator;

    /// <summary>The API server's name for a ServiceAccount (the user its requests are authorised and audited as).</summary>
    public static string UserName(string ns, string serviceAccount) => $"system:serviceaccount:{ns}:{serviceAccount}";

    /// <summary>
    /// A kubeconfig for the generated ServiceAccount <c>spark-operator/spark-operator</c> (installed
    /// from config/rbac by the cluster set-up), made once and renewed well before its token expires.
    /// </summary>
    public static async Task<string> OperatorAsync()
    {
        await OperatorLock.WaitAsync();
        try
        {
            if (_operator is not { } current || current.Expires - DateTime.UtcNow < Lifetime / 2)
            {
                using var admin = TestCluster.CreateClient();
                var path = await ForAsync(admin, OperatorDefaults.Namespace, OperatorDefaults.Name);
                _operator = (path, DateTime.UtcNow + Lifetime);
            }

            return _operator.Value.Path;
        }
        finally
        {
            OperatorLock.Release();
        }
    }

    /// <summary>Asks the API server for a token of <paramref name="serviceAccount"/> and writes a kubeconfig that uses it; returns its path.</summary>
    public static async Task<string> ForAsync(IKubernetes admin, string ns, string serviceAccount)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = (long)Lifetime.TotalSeconds } };
        var token = (await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, serviceAccount, ns)).Status.Token;
        var (server, ca) = AdminCluster();
        var user = UserName(ns, serviceAccount);
        var path = Path.Combine(TestCluster.Directory ?? Path.GetTempPath(), $"kubeconfig-{ns}-{serviceAccount}-{Guid.NewGuid().ToString("N")[..6]}");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server}
                certificate-authority-data: {ca}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: {user}
              context:
                cluster: test
                user: {user}
            current-context: {user}

            """);
        Written.Add(path);
        return path;
    }

    /// <summary>A client that authenticates with the kubeconfig at <paramref name="path"/>.</summary>
    public static IKubernetes Client(string path) => new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));

    /// <summary>Deletes the kubeconfigs written (they hold bearer tokens); run at the end of the test run.</summary>
    public static void DeleteAll()
    {
        while (Written.TryTake(out var path))
        {
            File.Delete(path);
        }

        _operator = null;
    }

    /// <summary>The server and base64 CA of the admin kubeconfig's current context.</summary>
    private static (string Server, string CaData) AdminCluster()
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(TestCluster.Kubeconfig);
        var context = config.Contexts.Single(c => c.Name == config.CurrentContext);
        var cluster = config.Clusters.Single(c => c.Name == context.ContextDetails.Cluster).ClusterEndpoint;
        var ca = cluster.CertificateAuthorityData ?? Convert.ToBase64String(File.ReadAllBytes(
            Path.IsPathRooted(cluster.CertificateAuthority)
                ? cluster.CertificateAuthority
                : Path.Combine(Path.GetDirectoryName(TestCluster.Kubeconfig)!, cluster.CertificateAuthority)));
        return (cluster.Server, ca);
    }
}
