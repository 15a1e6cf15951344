using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SparkOperator.Framework.Webhooks.Certificates;

/// <summary>
/// A webhook's <c>clientConfig.caBundle</c>: PEM CA certificates the API server trusts. During a
/// rotation it holds the new CA and the one before it, so a replica still serving the previous
/// certificate (it reloads the Secret a few seconds later) stays trusted. Pure.
/// </summary>
public static class CaBundle
{
    /// <summary>At most this many CAs are kept: the newest and the one it replaces.</summary>
    public const int MaxAuthorities = 2;

    /// <summary>
    /// <paramref name="caPem"/> first, then the CAs of <paramref name="existing"/> that have not
    /// expired at <paramref name="now"/>, without duplicates, at most <see cref="MaxAuthorities"/>.
    /// Entries that do not parse are dropped.
    /// </summary>
    public static byte[] Merge(string caPem, byte[]? existing, DateTimeOffset now)
    {
        using var first = X509Certificate2.CreateFromPem(caPem);
        var kept = new List<string> { first.ExportCertificatePem() };
        var seen = new HashSet<string>(StringComparer.Ordinal) { first.Thumbprint };
        foreach (var ca in Parse(existing))
        {
            using (ca)
            {
                if (kept.Count < MaxAuthorities && seen.Add(ca.Thumbprint) && now.UtcDateTime < ca.NotAfter.ToUniversalTime())
                {
                    kept.Add(ca.ExportCertificatePem());
                }
            }
        }

        return Encoding.ASCII.GetBytes(string.Join('\n', kept) + "\n");
    }

    /// <summary>True when <paramref name="bundle"/> holds <paramref name="caPem"/>'s certificate.</summary>
    public static bool Contains(byte[]? bundle, string caPem)
    {
        using var wanted = X509Certificate2.CreateFromPem(caPem);
        var found = false;
        foreach (var ca in Parse(bundle))
        {
            using (ca)
            {
                found |= ca.RawData.AsSpan().SequenceEqual(wanted.RawData);
            }
        }

        return found;
    }

    /// <summary>The certificates of a bundle, in order; an unreadable bundle counts as empty.</summary>
    public static IReadOnlyList<X509Certificate2> Parse(byte[]? bundle)
    {
        if (bundle is null || bundle.Length == 0)
        {
            return [];
        }

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(Encoding.ASCII.GetString(bundle));
        }
        catch (CryptographicException)
        {
            foreach (var c in collection)
            {
                c.Dispose();
            }

            return [];
        }

        return [.. collection];
    }
}
