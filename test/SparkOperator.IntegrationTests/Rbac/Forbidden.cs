using System.Net;
using k8s.Autorest;

namespace SparkOperator.IntegrationTests.Rbac;

/// <summary>Asserts that the real API server refuses a request for want of RBAC (403), not for any other reason.</summary>
internal static class Forbidden
{
    /// <summary>
    /// Runs <paramref name="request"/> and asserts the API server answered 403 with a message naming
    /// <paramref name="user"/> (RBAC's "cannot ..." or its escalation check's "attempting to grant"),
    /// so the token was accepted and the refusal is authorisation's.
    /// </summary>
    public static async Task AssertAsync(string what, string user, Func<Task> request)
    {
        try
        {
            await request();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            var message = k8s.KubernetesJson.Deserialize<k8s.Models.V1Status>(e.Response.Content).Message;
            Assert.That(message, Does.Contain($"\"{user}\""), $"{what}: refused, but not by RBAC for {user}");
            return;
        }
        catch (HttpOperationException e)
        {
            Assert.Fail($"{what}: expected 403, got {(int)e.Response.StatusCode}: {e.Response.Content}");
        }

        Assert.Fail($"{what}: the API server allowed it");
    }
}
