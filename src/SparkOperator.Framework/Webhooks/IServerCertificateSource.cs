using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace SparkOperator.Framework.Webhooks;

/// <summary>
/// The webhook's serving certificate, asked for on every TLS handshake so that a renewed
/// certificate is used without a restart. Must be cheap and thread-safe.
/// </summary>
public interface IServerCertificateSource
{
    /// <summary>The certificate (with its private key) to present now; null while there is none yet, which fails the handshake.</summary>
    X509Certificate2? GetCertificate();
}

/// <summary>Kestrel wiring for <see cref="IServerCertificateSource"/>.</summary>
public static class ServerCertificateSourceExtensions
{
    /// <summary>Serves HTTPS on <paramref name="listen"/> with whatever <paramref name="source"/> holds at each handshake.</summary>
    public static ListenOptions UseServerCertificateSource(this ListenOptions listen, IServerCertificateSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ListenOptionsHttpsExtensions.UseHttps(listen, new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => source.GetCertificate(),
        });
    }
}
