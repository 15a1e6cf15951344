using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SparkOperator.Tests.Cli;

/// <summary>
/// Answers HTTP requests with answers recorded from an API server, by path and query, and keeps
/// the requests it saw. For commands whose real answers need a kubelet (pod logs), which the test
/// cluster's fake nodes do not have.
/// </summary>
internal sealed class RecordedApiServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, (HttpStatusCode Status, string ContentType, string Body)> answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IReadOnlyDictionary<string, string>, string>> lists = new(StringComparer.Ordinal);
    private readonly Task loop;

    public RecordedApiServer()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Path and query of every request, in order.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Answers requests whose path and (unescaped) query are exactly <paramref name="pathAndQuery"/>.</summary>
    public void Answer(string pathAndQuery, HttpStatusCode status, string body, string contentType = "application/json") =>
        answers[pathAndQuery] = (status, contentType, body);

    /// <summary>Answers list requests on <paramref name="path"/> as the API server would, by equality label selector.</summary>
    public void AnswerList(string path, Func<IReadOnlyDictionary<string, string>, string> listMatching) => lists[path] = listMatching;

    /// <summary>The labels an equality-based selector ("a=b,c=d") requires.</summary>
    public static IReadOnlyDictionary<string, string> ParseSelector(string? selector) =>
        (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(term => term.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var key = Uri.UnescapeDataString(context.Request.Url!.PathAndQuery);
            lock (Requests)
            {
                Requests.Add(key);
            }

            var path = context.Request.Url!.AbsolutePath;
            var (status, contentType, body) = answers.TryGetValue(key, out var answer)
                ? answer
                : lists.TryGetValue(path, out var list)
                ? (HttpStatusCode.OK, "application/json", list(ParseSelector(context.Request.QueryString["labelSelector"])))
                : (HttpStatusCode.NotFound, "application/json", $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"no recorded answer for {{key}}","reason":"NotFound","code":404}""");
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }
}
