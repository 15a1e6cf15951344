using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using SparkOperator.Benchmarks.Infrastructure;
using SparkOperator.Hosting;

namespace SparkOperator.Benchmarks.Scenarios;

/// <summary>Result of an open-loop run against the webhook.</summary>
internal sealed record WebhookLoadResult(int Sent, int Allowed, int Denied, int Other, int Errors, List<double> Latencies, double AchievedRate);

/// <summary>
/// Posts AdmissionReviews to the operator's webhook at a fixed rate (open loop: a slow answer does not
/// slow the sender, as the API server does not wait for one review before sending the next),
/// over HTTPS with keep-alive, and measures each answer's latency on the client.
/// </summary>
internal static class WebhookLoad
{
    public static HttpClient Client(int maxConnections = 64) => new(new SocketsHttpHandler
    {
        // The operator's throw-away development CA on loopback; the latency measured is the operator's, not the trust chain's.
#pragma warning disable CA5359
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public static Uri Url(int port) => new($"https://127.0.0.1:{port}{OperatorDefaults.ValidateSparkApplicationPath}");

    public static async Task<WebhookLoadResult> RunAsync(int port, double rate, TimeSpan duration, double badFraction, CancellationToken cancellationToken)
    {
        using var http = Client();
        var url = Url(port);
        var good = Enumerable.Range(0, 20).Select(i => Reviews.Of(Reviews.GoodApp($"good-{i}"))).ToArray();
        var bad = Reviews.BadApps().Select(a => Reviews.Of(a)).ToArray();

        // Warm the connection pool and the JIT (not measured).
        for (var i = 0; i < 50; i++)
        {
            using var warm = await PostAsync(http, url, good[i % good.Length], cancellationToken);
        }

        var latencies = new ConcurrentBag<double>();
        int allowed = 0, denied = 0, other = 0, errors = 0;
        var total = (int)(rate * duration.TotalSeconds);
        var tasks = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        var random = new Random(42);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            var body = random.NextDouble() < badFraction ? bad[random.Next(bad.Length)] : good[random.Next(good.Length)];
            tasks.Add(Task.Run(
                async () =>
                {
                    var t = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await PostAsync(http, url, body, cancellationToken);
                        var text = await response.Content.ReadAsStringAsync(cancellationToken);
                        latencies.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
                        if (!response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref other);
                        }
                        else if (text.Contains("\"allowed\":true", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref allowed);
                        }
                        else
                        {
                            Interlocked.Increment(ref denied);
                        }
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                    }
                },
                CancellationToken.None));
        }

        var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.WhenAll(tasks);
        return new WebhookLoadResult(total, allowed, denied, other, errors, [.. latencies], total / sendSeconds);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, Uri url, byte[] body, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return http.PostAsync(url, content, cancellationToken);
    }
}
