using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SparkOperator.Benchmarks.Infrastructure;

namespace SparkOperator.Benchmarks.Scenarios;

/// <summary>
/// 10,000 hostile requests at the webhook of a webhook-only operator process (no cluster needed):
/// malformed bodies must get 400 (413 for the oversized one is Kestrel's), valid reviews of absurd
/// specs a proper denial; never a 5xx, never a crash; memory must come back. Then a round of
/// pathological values in every pattern-checked field (<see cref="Pathological"/>) at a fixed rate,
/// open loop, each as a CREATE the webhook denies and as the same CREATE with dryRun (which the
/// webhook judges alike): every one must be denied with its field's reason, fast, and none over budget.
/// </summary>
internal static class BadInputBenchmark
{
    /// <summary>Unmeasured reviews of each pathological body before the round (over the tier-up threshold).</summary>
    private const int WarmUpPerBody = 40;

    public static async Task<int> RunAsync(int total, double rate, int seconds, CancellationToken ct)
    {
        var logs = Path.Combine(Path.GetTempPath(), "sparkop-bench-logs");
        Directory.CreateDirectory(logs);
        await using var op = OperatorProcess.Start(
            "/nonexistent-kubeconfig",
            "bench-badinput",
            Path.Combine(logs, $"badinput-{Environment.ProcessId}.log"),
            new Dictionary<string, string> { ["Operator:Controllers:Enabled"] = "false" });
        await op.WaitReadyAsync(TimeSpan.FromMinutes(1), ct);
        using var http = WebhookLoad.Client(16);
        var url = WebhookLoad.Url(op.WebhookPort);
        var cases = Cases();

        // Warm up with good reviews, then take the memory baseline.
        var good = Reviews.Of(Reviews.GoodApp());
        for (var i = 0; i < 200; i++)
        {
            using var r = await WebhookLoad.PostAsync(http, url, good, ct);
        }

        await Task.Delay(2000, ct);
        var (rssBefore, _) = op.Memory();
        op.ResetPeak();
        var cpu0 = op.CpuSeconds();

        var weights = cases.Sum(c => c.Weight);
        var plan = cases.SelectMany(c => Enumerable.Repeat(c, Math.Max(1, (int)Math.Round((double)total * c.Weight / weights)))).ToList();
        var results = new ConcurrentDictionary<(string Case, string Outcome), int>();
        await SendAllAsync(http, url, plan, results, ct);
        var cpu = op.CpuSeconds() - cpu0;
        var (_, peak) = op.Memory();
        var rssAfter = await SettledRssAsync(op, http, url, good, ct);

        // The same again: if the resident memory does not grow a second time, what stayed is the
        // GC keeping its heap for reuse, not a leak.
        var again = new ConcurrentDictionary<(string Case, string Outcome), int>();
        await SendAllAsync(http, url, plan, again, ct);
        var (_, peak2) = op.Memory();
        var rssAfter2 = await SettledRssAsync(op, http, url, good, ct);
        var pathological = await PathologicalRoundAsync(op, url, rate, TimeSpan.FromSeconds(seconds), ct);
        var alive = !op.HasExited;
        using var probe = new HttpClient();
        var healthy = alive && (await probe.GetAsync(new Uri($"http://127.0.0.1:{op.HttpPort}/healthz"), ct)).IsSuccessStatusCode;

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Bad input ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC): {plan.Count} requests, 16 in flight, webhook-only operator process\n");
        text.AppendLine("| case | expected | outcomes |\n|---|---|---|");
        foreach (var c in cases)
        {
            var outcomes = results.Where(kv => kv.Key.Case == c.Name).OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key.Outcome} × {kv.Value}");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name} | {c.Expected} | {string.Join(", ", outcomes)} |");
        }

        var fiveXx = results.Where(kv => kv.Key.Outcome.StartsWith('5')).Sum(kv => kv.Value);
        var unexpected = results.Where(kv => !cases.First(c => c.Name == kv.Key.Case).Accepts(kv.Key.Outcome)).Sum(kv => kv.Value);
        text.AppendLine();
        text.AppendLine("| figure | measured | expected |\n|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| 5xx answers | {fiveXx} | 0 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| answers other than expected | {unexpected} | 0 |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| operator alive and /healthz OK afterwards | {healthy} | true |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| RSS before / peak during / {SettleTime.TotalSeconds:0} s after | {Rig.Mb(rssBefore)} / {Rig.Mb(peak)} / {Rig.Mb(rssAfter)} | back to baseline |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| second round of the same {plan.Count}: peak / {SettleTime.TotalSeconds:0} s after (5xx: {again.Where(kv => kv.Key.Outcome.StartsWith('5')).Sum(kv => kv.Value)}) | {Rig.Mb(peak2)} / {Rig.Mb(rssAfter2)} | no growth over round one |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| operator CPU for the {plan.Count} requests | {cpu:0.0} s | |");
        text.AppendLine();
        text.Append(pathological.Markdown);
        Console.WriteLine(text.ToString());
        return fiveXx == 0 && unexpected == 0 && healthy && pathological.Passed ? 0 : 1;
    }

    /// <summary>One answer of the pathological round.</summary>
    private sealed record Answer(int Input, bool DryRun, string Outcome, bool OverBudget, double Seconds);

    private static async Task<(string Markdown, bool Passed)> PathologicalRoundAsync(OperatorProcess op, Uri url, double rate, TimeSpan duration, CancellationToken ct)
    {
        var inputs = Pathological.Inputs();

        // Every input alone (its field's reason is the only error), then all of them in one application.
        var apps = inputs.Select(Pathological.App).Append(Pathological.WorstApp()).ToList();
        var names = inputs.Select(i => (Field: i.Field, Value: i.Value)).Append((Field: "every field at once", Value: "all of the above in one application")).ToList();
        var bodies = apps.Select(app => new[] { false, true }.Select(dryRun =>
        {
            var review = Reviews.Review(app.DeepClone());
            review["request"]!["dryRun"] = dryRun;
            return Encoding.UTF8.GetBytes(review.ToJsonString());
        }).ToArray()).ToArray();

        // Warm-up, not measured: each body past the runtime's tier-up threshold (30 calls) and a
        // moment for the background JIT, so the round measures the steady state, not compilation.
        using var http = WebhookLoad.Client();
        for (var i = 0; i < WarmUpPerBody * bodies.Length; i++)
        {
            using var warm = await WebhookLoad.PostAsync(http, url, bodies[i % bodies.Length][i % 2], ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), ct);

        // What the operator itself spent (its handler histogram, CPU, GC pauses) against what the
        // client saw: a tail that the operator's own time does not explain is the machine's.
        var metrics0 = await op.MetricsAsync(ct);
        var cpu0 = op.CpuSeconds();
        var answers = new ConcurrentBag<Answer>();
        var total = (int)(rate * duration.TotalSeconds);
        var tasks = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            var input = i / 2 % bodies.Length;
            var dryRun = i % 2 == 1;
            tasks.Add(Task.Run(async () => answers.Add(await AnswerAsync(http, url, input, dryRun, bodies[input][dryRun ? 1 : 0], ct)), CancellationToken.None));
        }

        var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.WhenAll(tasks);
        var cpu = op.CpuSeconds() - cpu0;
        var metrics1 = await op.MetricsAsync(ct);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        double Delta(string name) => MetricSum(metrics1, name) - MetricSum(metrics0, name);
        var handlerMean = Delta("spark_operator_webhook_review_duration_seconds_sum") / Delta("spark_operator_webhook_review_duration_seconds_count");

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"#### Pathological values in every pattern-checked field: {total} reviews at {rate:0} reviews/s for {duration.TotalSeconds:0} s (achieved {total / sendSeconds:0} /s), half CREATE, half CREATE with dryRun\n");
        text.AppendLine("| field | value | reviews | p50 | p99 | max | denied | over budget | 5xx | other |\n|---|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < names.Count; i++)
        {
            text.AppendLine(Row(names[i].Field, names[i].Value, [.. answers.Where(a => a.Input == i)]));
        }

        text.AppendLine();
        text.AppendLine("| reviews | n | p50 | p99 | max | 5xx | not denied | over budget |\n|---|---|---|---|---|---|---|---|");
        foreach (var (label, subset) in new[] { ("denied creates", answers.Where(a => !a.DryRun)), ("dryRun creates", answers.Where(a => a.DryRun)), ("all", answers) })
        {
            var list = subset.ToList();
            var seconds = list.Select(a => a.Seconds).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {list.Count} | {Stats.Ms(Stats.Percentile(seconds, 50))} | {Stats.Ms(Stats.Percentile(seconds, 99))} | {Stats.Ms(seconds.Max())} | {list.Count(a => a.Outcome.StartsWith('5'))} | {list.Count(a => a.Outcome != "200 denied")} | {list.Count(a => a.OverBudget)} |");
        }

        var all = answers.Select(a => a.Seconds).ToList();
        var p99 = Stats.Percentile(all, 99);
        var fiveXx = answers.Count(a => a.Outcome.StartsWith('5'));
        var passed = fiveXx == 0 && answers.All(a => a.Outcome == "200 denied" && !a.OverBudget);
        text.AppendLine();
        text.AppendLine("| target | measured | verdict |\n|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| p99 < 5 ms at {rate:0} reviews/s | {Stats.Ms(p99)} | {(p99 < 0.005 ? "met" : "**missed**")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| no 5xx | {fiveXx} | {(fiveXx == 0 ? "met" : "**missed**")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| every review denied with its field's reason, none over budget | {answers.Count(a => a.Outcome == "200 denied" && !a.OverBudget)} of {answers.Count} | {(passed ? "met" : "**missed**")} |");
        text.AppendLine();
        text.AppendLine("| inside the operator during the round | measured |\n|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| handler time per review (its own histogram, mean) | {Stats.Ms(handlerMean)} (client-side mean {Stats.Ms(answers.Average(a => a.Seconds))}) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| operator CPU | {cpu:0.0} s for {total} reviews ({cpu / duration.TotalSeconds * 100:0}% of one core) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| GC pause time (dotnet_gc_pause_time_seconds_total) | {Stats.Ms(Delta("dotnet_gc_pause_time_seconds_total"))} in {Delta("dotnet_gc_collections_total"):0} collections |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| machine load average (1 min) at the end of the round, 2 cores | {load} |");
        return (text.ToString(), passed);
    }

    private static double MetricSum(string metrics, string name) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length == name.Length || l[name.Length] is ' ' or '{'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static string Row(string field, string value, List<Answer> answers)
    {
        var seconds = answers.Select(a => a.Seconds).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {field} | {value} | {answers.Count} | {Stats.Ms(Stats.Percentile(seconds, 50))} | {Stats.Ms(Stats.Percentile(seconds, 99))} | {Stats.Ms(seconds.Count == 0 ? double.NaN : seconds.Max())} | {answers.Count(a => a.Outcome == "200 denied")} | {answers.Count(a => a.OverBudget)} | {answers.Count(a => a.Outcome.StartsWith('5'))} | {answers.Count(a => a.Outcome != "200 denied" && !a.Outcome.StartsWith('5'))} |");
    }

    private static async Task<Answer> AnswerAsync(HttpClient http, Uri url, int input, bool dryRun, byte[] body, CancellationToken ct)
    {
        var t = Stopwatch.GetTimestamp();
        try
        {
            using var response = await WebhookLoad.PostAsync(http, url, body, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var seconds = Stopwatch.GetElapsedTime(t).TotalSeconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new Answer(input, dryRun, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), false, seconds);
            }

            var answer = JsonNode.Parse(text)?["response"];
            var allowed = answer?["allowed"]?.GetValue<bool>() == true;
            var overBudget = ((string?)answer?["status"]?["message"])?.Contains("time budget", StringComparison.Ordinal) == true;
            return new Answer(input, dryRun, allowed ? "200 allowed" : "200 denied", overBudget, seconds);
        }
        catch (HttpRequestException e)
        {
            return new Answer(input, dryRun, "connection error: " + e.HttpRequestError, false, Stopwatch.GetElapsedTime(t).TotalSeconds);
        }
    }

    private static async Task SendAllAsync(HttpClient http, Uri url, List<Case> plan, ConcurrentDictionary<(string Case, string Outcome), int> results, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(plan.Select(async c =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var outcome = await SendAsync(http, url, c, ct);
                results.AddOrUpdate((c.Name, outcome), 1, (_, n) => n + 1);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(45);

    private static async Task<long> SettledRssAsync(OperatorProcess op, HttpClient http, Uri url, byte[] good, CancellationToken ct)
    {
        // Longer than the operator's memory-trim interval (30 s), so a trim has had its turn.
        await Task.Delay(SettleTime, ct);
        for (var i = 0; i < 50; i++)
        {
            using var r = await WebhookLoad.PostAsync(http, url, good, ct);
        }

        return op.Memory().Rss;
    }

    private static async Task<string> SendAsync(HttpClient http, Uri url, Case c, CancellationToken ct)
    {
        try
        {
            var content = new ByteArrayContent(c.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue(c.ContentType);
            using var response = await http.PostAsync(url, content, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }

            var allowed = JsonNode.Parse(body)?["response"]?["allowed"]?.GetValue<bool>();
            return allowed == true ? "200 allowed" : "200 denied";
        }
        catch (HttpRequestException e)
        {
            return "connection error: " + e.HttpRequestError;
        }
    }

    private sealed record Case(string Name, string Expected, int Weight, byte[] Body, string ContentType = "application/json")
    {
        public bool Accepts(string outcome) => Expected switch
        {
            "400" => outcome == "400",

            // The review is well-formed; only the object inside is not a SparkApplication: a denial
            // naming the field is as proper an answer as a 400 (and the one kubectl shows the user).
            "400 or denied" => outcome is "400" or "200 denied",
            "400/413" => outcome is "400" or "413" || outcome.StartsWith("connection error", StringComparison.Ordinal),
            "denied" => outcome == "200 denied",
            _ => false,
        };
    }

    private static List<Case> Cases()
    {
        var review = Reviews.Review(Reviews.GoodApp()).ToJsonString();
        var utf8 = Encoding.UTF8.GetBytes(review);
        var nonUtf8 = Encoding.UTF8.GetBytes(review.Replace("\"bench\"", "\"b\u00e9nch\"", StringComparison.Ordinal));
        var at = Array.IndexOf(nonUtf8, (byte)0xC3);
        nonUtf8[at] = 0xFF;
        nonUtf8[at + 1] = 0xFE;

        var wrongTypes = Reviews.Review(Reviews.GoodApp());
        wrongTypes["request"]!["object"]!["spec"]!["executor"]!["instances"] = "three";
        wrongTypes["request"]!["object"]!["spec"]!["args"] = 7;
        var wrongKind = Reviews.Review(Reviews.GoodApp());
        wrongKind["kind"] = "AdmissionRequest";
        var wrongVersion = Reviews.Review(Reviews.GoodApp());
        wrongVersion["apiVersion"] = "admission.k8s.io/v1beta1";
        var missingRequest = Reviews.Review(Reviews.GoodApp());
        missingRequest.Remove("request");
        var deep = new StringBuilder();
        deep.Append("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\",\"operation\":\"CREATE\",\"object\":");
        deep.Append('[', 10_000).Append(']', 10_000).Append("}}");
        var huge = new StringBuilder(review.Length + (20 << 20));
        huge.Append(review[..^2]).Append(",\"padding\":\"").Append('x', 20 << 20).Append("\"}}");

        var manyVolumes = Reviews.GoodApp();
        manyVolumes["spec"]!["volumes"] = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)new JsonObject { ["name"] = $"v{i}", ["emptyDir"] = new JsonObject() })]);
        var megaString = Reviews.GoodApp();
        megaString["spec"]!["mainClass"] = new string('A', 1 << 20);
        var megaArg = Reviews.GoodApp();
        megaArg["spec"]!["args"] = new JsonArray(new string('a', 1 << 20));
        var negative = Reviews.GoodApp();
        negative["spec"]!["executor"]!["instances"] = -5;
        negative["spec"]!["timeToLiveSeconds"] = -1;
        var overflow = Encoding.UTF8.GetBytes(Reviews.Review(Reviews.GoodApp()).ToJsonString().Replace("\"instances\":2", "\"instances\":99999999999999999999999999", StringComparison.Ordinal));
        var hugeCores = Reviews.GoodApp();
        hugeCores["spec"]!["driver"]!["cores"] = int.MaxValue;
        hugeCores["spec"]!["driver"]!["memory"] = "99999999999999999999Ti";

        return
        [
            new("truncated JSON", "400", 1500, utf8[..(utf8.Length / 2)]),
            new("not JSON at all", "400", 1000, Encoding.UTF8.GetBytes("<xml>not json</xml>")),
            new("empty body", "400", 500, []),
            new("wrong types (instances: \"three\", args: 7)", "400 or denied", 1500, Encoding.UTF8.GetBytes(wrongTypes.ToJsonString())),
            new("10,000-deep nesting", "400", 500, Encoding.UTF8.GetBytes(deep.ToString())),
            new("20 MB body", "400/413", 20, Encoding.UTF8.GetBytes(huge.ToString())),
            new("missing request", "400", 1000, Encoding.UTF8.GetBytes(missingRequest.ToJsonString())),
            new("wrong kind", "400", 500, Encoding.UTF8.GetBytes(wrongKind.ToJsonString())),
            new("wrong apiVersion", "400", 500, Encoding.UTF8.GetBytes(wrongVersion.ToJsonString())),
            new("non-UTF-8 bytes", "400", 1000, nonUtf8),
            new("valid review: 10,000 volumes", "denied", 200, Reviews.Of(manyVolumes)),
            new("valid review: megabyte mainClass", "denied", 100, Reviews.Of(megaString)),
            new("valid review: megabyte argument", "denied", 100, Reviews.Of(megaArg)),
            new("valid review: negative numbers", "denied", 500, Reviews.Of(negative)),
            new("valid review: overflowing number", "400 or denied", 500, overflow),
            new("valid review: int.MaxValue cores, absurd memory", "denied", 580, Reviews.Of(hugeCores)),
        ];
    }
}
