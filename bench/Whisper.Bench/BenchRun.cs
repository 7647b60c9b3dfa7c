using System.Diagnostics;
using System.Globalization;

namespace Whisper.Bench;

/// <summary>What one run measured. Latency is from just before the POST to arrival on a stream.</summary>
public sealed record BenchResult(
    int Subscribers, int Connected, double ConnectSeconds, int Messages, int Rate, long Expected, long Delivered, long Lost, long Duplicates,
    double DeliveredPerSecond, double P50Ms, double P99Ms, double MaxMs, double PostP50Ms, double PostP99Ms, int FailedPosts,
    long? RssIdleKb, long? RssConnectedKb, long? RssReceivingKb)
{
    public double? KbPerStream => PerStream(RssConnectedKb);

    /// <summary>The same at the end of the posting phase: the streams' share while messages flow (queues, buffers in use).</summary>
    public double? KbPerStreamReceiving => PerStream(RssReceivingKb);

    private double? PerStream(long? rss) => RssIdleKb is long idle && rss is long at && Connected > 0 ? (at - idle) / (double)Connected : null;

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"N={Subscribers} connected {Connected} in {ConnectSeconds:0.00}s{(KbPerStream is { } kb ? $", {kb:0.0} KB/stream" : "")}{(KbPerStreamReceiving is { } busy ? $" ({busy:0.0} receiving)" : "")}; " +
        $"{Messages} msgs at {Rate}/s: delivered {Delivered}/{Expected} ({DeliveredPerSecond / 1000:0.0}k/s), lost {Lost}, duplicates {Duplicates}; " +
        $"latency p50 {P50Ms:0.0} p99 {P99Ms:0.0} max {MaxMs:0.0} ms; POST p50 {PostP50Ms:0.0} p99 {PostP99Ms:0.0} ms, failed {FailedPosts}");
}

/// <summary>One benchmark run: posters join, N streams open the way browsers do, M messages go out at R per second.</summary>
public static class BenchRun
{
    public static async Task<BenchResult> RunAsync(BenchOptions o, Action<string> log)
    {
        if (o.ClientCpu is int cpu && OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = checked((nint)(1L << cpu));
        }

        var servers = new List<WhisperServer>();
        try
        {
            // One after the other: the first creates the schema, the rest find it.
            for (var node = 0; o.Url.Length == 0 && node < o.Nodes; node++)
            {
                servers.Add(await WhisperServer.StartAsync(o.ServerDll, o.NodeCpus.Count > 0 ? o.NodeCpus[node % o.NodeCpus.Count] : o.ServerCpu, o.Settings));
            }

            return await RunAsync(o, servers.Count > 0 ? [.. servers.Select(s => s.Url)] : o.Url.Split(','), servers, log);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<BenchResult> RunAsync(BenchOptions o, string[] urls, List<WhisperServer> servers, Action<string> log)
    {
        var nodes = urls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        })
        { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan }).ToArray();

        var posters = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, o.Posters)).Select(p => Poster.JoinAsync(nodes[p % nodes.Length], o.Room)));
        await Task.Delay(500);
        long? Resident() => servers.Count > 0 ? servers.Sum(s => s.ResidentKb()) : null;
        var rssIdle = Resident();

        log($"connecting {o.Subscribers} streams to {string.Join(", ", urls)}");
        using var stop = new CancellationTokenSource();
        var receivers = Enumerable.Range(0, o.Subscribers).Select(_ => new Receiver(o.Messages)).ToArray();
        var reading = new List<Task>();
        using var gate = new SemaphoreSlim(o.ConnectConcurrency);
        var connectStarted = Stopwatch.GetTimestamp();
        var connected = 0;
        await Task.WhenAll(receivers.Select(async (receiver, r) =>
        {
            var http = nodes[r % nodes.Length];
            await gate.WaitAsync();
            try
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"/chat/{Uri.EscapeDataString(o.Room)}/events");
                request.Headers.Accept.ParseAdd("text/event-stream");
                if (o.Languages.Count > 0)
                {
                    // A room whose readers read in several languages: each entry is rendered once per language.
                    request.Headers.AcceptLanguage.ParseAdd(o.Languages[r % o.Languages.Count]);
                }
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref connected);
                    var body = await response.Content.ReadAsStreamAsync();
                    lock (reading)
                    {
                        reading.Add(Task.Run(() => receiver.ReadAsync(body, stop.Token)));
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Counted as not connected.
            }
            finally
            {
                gate.Release();
            }
        }));
        var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;
        await Task.Delay(1000);
        var rssConnected = Resident();
        log($"connected {connected} in {connectSeconds:0.00}s; posting {o.Messages} at {o.Rate}/s");

        var sentAt = new long[o.Messages];
        var postTimes = new double?[o.Messages];
        var padding = new string('x', Math.Max(0, o.TextLength - 12));
        var firstSend = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        // Each poster keeps its own schedule on its own thread with blocking sends: the receivers' thousands of
        // pool items then cannot delay a post's start or its timing, so the POST time is the server's.
        var threads = posters.Select((poster, p) => new Thread(() =>
        {
            for (var i = p; i < o.Messages; i += posters.Length)
            {
                var due = firstSend + (long)(i * (double)Stopwatch.Frequency / o.Rate);
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }

                sentAt[i] = Stopwatch.GetTimestamp();
                postTimes[i] = poster.Post($"wb {i} {padding}");
            }
        })
        { IsBackground = true, Name = $"poster {p}" }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        await Task.Run(() => Array.ForEach(threads, t => t.Join()));
        var rssReceiving = Resident();
        var expected = (long)connected * o.Messages;
        var drainUntil = Stopwatch.GetTimestamp() + (long)(o.Drain * Stopwatch.Frequency);
        while (receivers.Sum(r => (long)r.Received) < expected && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        foreach (var node in nodes)
        {
            node.Dispose();
        }

        return Measure(o, receivers, sentAt, postTimes, connected, connectSeconds, expected, firstSend, rssIdle, rssConnected, rssReceiving);
    }

    private static BenchResult Measure(
        BenchOptions o, Receiver[] receivers, long[] sentAt, double?[] postTimes, int connected, double connectSeconds, long expected, long firstSend, long? rssIdle, long? rssConnected, long? rssReceiving)
    {
        var latencies = new List<double>(receivers.Length * o.Messages);
        long lastArrival = firstSend;
        foreach (var receiver in receivers)
        {
            for (var i = 0; i < o.Messages; i++)
            {
                var arrival = receiver.Arrivals[i];
                if (arrival != 0)
                {
                    latencies.Add((arrival - sentAt[i]) * 1000.0 / Stopwatch.Frequency);
                    lastArrival = Math.Max(lastArrival, arrival);
                }
            }
        }

        latencies.Sort();
        var posts = postTimes.Where(p => p is not null).Select(p => p!.Value).Order().ToList();
        var delivered = (long)latencies.Count;
        var seconds = Math.Max(1e-6, (lastArrival - firstSend) / (double)Stopwatch.Frequency);
        return new BenchResult(
            o.Subscribers, connected, connectSeconds, o.Messages, o.Rate, expected, delivered, expected - delivered, receivers.Sum(r => (long)r.Duplicates),
            delivered / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count > 0 ? latencies[^1] : 0,
            Percentile(posts, 0.50), Percentile(posts, 0.99), postTimes.Count(p => p is null), rssIdle, rssConnected, rssReceiving);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
