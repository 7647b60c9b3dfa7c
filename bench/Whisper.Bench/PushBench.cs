using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Whisper.Bench;

/// <summary>What the push run measured, with the chat's own figures alone and while the pushes went out.</summary>
public sealed record PushResult(
    int Subscriptions, int Subscribed, long Delivered, double LastArrivalSeconds, double HalfArrivedSeconds, int PushDelayMs,
    string Protocols, BenchResult ChatAlone, BenchResult ChatDuringPush)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"push: {Delivered}/{Subscriptions} delivered (subscribed {Subscribed}), half by {HalfArrivedSeconds:0.00}s, last at {LastArrivalSeconds:0.00}s " +
        $"after the message, push service answering in {PushDelayMs} ms, over {Protocols}{Environment.NewLine}" +
        $"chat alone:       {ChatAlone.Summary}{Environment.NewLine}chat during push: {ChatDuringPush.Summary}");
}

/// <summary>
/// One message to a room with many push subscriptions (names x devices), a push service answering each push after a
/// delay: when does the last push arrive? The chat's own run (streams and posts in another room) goes once alone,
/// then again with the message posted a few seconds into it, so its figures show what the pushes cost it.
/// </summary>
public static class PushBench
{
    private const string PushRoom = "tech";

    public static async Task<PushResult> RunAsync(BenchOptions o, Action<string> log)
    {
        await using var pushService = await PushService.StartAsync(TimeSpan.FromMilliseconds(o.PushDelay));
        await using var server = await WhisperServer.StartAsync(
            o.ServerDll, o.ServerCpu,
            [.. o.Settings, "Whisper:Push:AllowLoopbackEndpoints=true"],
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = pushService.CertificateFile });
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(server.Url),
            Timeout = TimeSpan.FromMinutes(2),
        };

        var names = Math.Max(1, o.Push / o.PushDevices);
        log($"subscribing {o.Push} browsers: {names} names x {o.PushDevices} devices, push service at {pushService.Url}");
        var people = await Task.WhenAll(Enumerable.Range(0, names).Select(_ => Poster.JoinAsync(http, PushRoom)));
        using var browserKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var p = browserKey.ExportParameters(false).Q;
        var (p256dh, auth) = (Base64Url([0x04, .. p.X!, .. p.Y!]), Base64Url(RandomNumberGenerator.GetBytes(16)));
        var subscribed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Push), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            if (await people[i % names].SubscribeAsync($"{pushService.Url}/push/{i}", p256dh, auth))
            {
                Interlocked.Increment(ref subscribed);
            }
        });
        var writer = await Poster.JoinAsync(http, PushRoom);

        var chat = o with { Url = server.Url, ServerDll = "" };
        log("chat alone");
        var alone = await BenchRun.RunAsync(chat, log);

        log($"chat again, and one message to {PushRoom} after {o.PushAfter}s");
        var during = BenchRun.RunAsync(chat, log);
        await Task.Delay(TimeSpan.FromSeconds(o.PushAfter));
        var posted = Stopwatch.GetTimestamp();
        await Task.Run(() => writer.Post("one message for every subscriber"));
        var half = (double?)null;
        while (pushService.Received < subscribed && Stopwatch.GetElapsedTime(posted) < TimeSpan.FromSeconds(60))
        {
            if (half is null && pushService.Received >= subscribed / 2)
            {
                half = Stopwatch.GetElapsedTime(posted).TotalSeconds;
            }

            await Task.Delay(10);
        }

        var last = Stopwatch.GetElapsedTime(posted, pushService.LastArrival).TotalSeconds;
        var duringResult = await during;
        var protocols = string.Join(", ", pushService.Protocols.Select(kv => $"{kv.Key} ({kv.Value})"));
        return new PushResult(o.Push, subscribed, pushService.Received, last, half ?? last, o.PushDelay, protocols, alone, duringResult);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
