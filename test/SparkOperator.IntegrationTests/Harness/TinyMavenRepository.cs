using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SparkOperator.IntegrationTests.Harness;

/// <summary>
/// A Maven repository on loopback serving one artifact, <c>com.example:tiny:1.0</c> (a POM and a
/// JAR made here), so spark-submit's <c>--packages</c> resolves for real without the internet.
/// </summary>
public sealed class TinyMavenRepository : IAsyncDisposable
{
    public const string Coordinates = "com.example:tiny:1.0";

    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly Dictionary<string, byte[]> files;
    private readonly List<string> requests = [];

    private TinyMavenRepository(int port)
    {
        Url = new Uri($"http://127.0.0.1:{port}/maven2/");
        files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["/maven2/com/example/tiny/1.0/tiny-1.0.pom"] = Encoding.UTF8.GetBytes("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>tiny</artifactId>
                  <version>1.0</version>
                  <packaging>jar</packaging>
                </project>
                """),
            ["/maven2/com/example/tiny/1.0/tiny-1.0.jar"] = Jar(),
        };
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = ServeAsync();
    }

    /// <summary>The repository's URL, for deps.repositories.</summary>
    public Uri Url { get; }

    /// <summary>Paths requested so far.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public static TinyMavenRepository Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new TinyMavenRepository(port);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        try
        {
            await loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        listener.Close();
    }

    private static byte[] Jar()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("META-INF/MANIFEST.MF").Open());
            writer.Write("Manifest-Version: 1.0\r\nCreated-By: SparkOperator.IntegrationTests\r\n\r\n");
        }

        return buffer.ToArray();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            lock (requests)
            {
                requests.Add($"{context.Request.HttpMethod} {path}");
            }

            if (files.TryGetValue(path, out var body))
            {
                context.Response.StatusCode = 200;
                context.Response.ContentLength64 = body.Length;
                if (context.Request.HttpMethod != "HEAD")
                {
                    await context.Response.OutputStream.WriteAsync(body);
                }
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }
}
