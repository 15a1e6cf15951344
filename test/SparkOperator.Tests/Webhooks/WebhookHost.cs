using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SparkOperator.Hosting;

namespace SparkOperator.Tests.Webhooks;

/// <summary>The real operator host (OperatorHost) on loopback with ports 0, and clients that trust a given CA.</summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    private WebhookHost(WebApplication app, int httpsPort, int httpPort)
    {
        App = app;
        HttpsBase = new Uri($"https://127.0.0.1:{httpsPort}");
        HttpBase = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public WebApplication App { get; }

    public Uri HttpsBase { get; }

    public Uri HttpBase { get; }

    public static async Task<WebhookHost> StartAsync(params string[] settings)
    {
        string[] args = ["--Webhook:Port=0", "--Http:Port=0", "--Logging:LogLevel:Default=Warning", "--Operator:Controllers:Enabled=false", .. settings];
        var app = OperatorHost.Build(OperatorHost.CreateBuilder(args));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        return new WebhookHost(app, addresses.Single(a => a.Scheme == "https").Port, addresses.Single(a => a.Scheme == "http").Port);
    }

    /// <summary>A client that accepts only certificates chaining to <paramref name="ca"/> and valid for the host name.</summary>
    public static HttpClient ClientTrusting(X509Certificate2 ca, Action<X509Certificate2>? seen = null) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                seen?.Invoke(server);
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(server);
            },
        },
        PooledConnectionLifetime = TimeSpan.Zero,
    });

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
