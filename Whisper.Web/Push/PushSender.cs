using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Whisper.Web.Rooms;

namespace Whisper.Web.Push;

/// <summary>
/// Turns new room messages into pushes, off the posting path: messages are queued, coalesced per subscription,
/// then handed to the queue of their push service (<see cref="PushOrigin"/>), which encrypts them and keeps
/// many requests in flight. When an origin's queue is full the coalescer holds the push, and it later counts
/// every message its subscriber missed: pushes are merged, never dropped without a word.
/// </summary>
public sealed class PushSender : BackgroundService, IMessagePosted
{
    public const string HttpClientName = "push";
    private const int MaxAttempts = 4;
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    private readonly Channel<ChatMessage> posted;
    private readonly ConcurrentDictionary<string, PushOrigin> origins = new(StringComparer.OrdinalIgnoreCase);

    private readonly PushSubscriptions subscriptions;
    private readonly Vapid vapid;
    private readonly RoomRegistry rooms;
    private readonly IHttpClientFactory clients;
    private readonly PushOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<PushSender> logger;
    private readonly PushCoalescer coalescer;
    private readonly Metrics.WhisperMeter meter;
    private CancellationToken stopping = new(canceled: true);
    private long merged;
    private long givenUp;
    private long mergedReported;
    private long lastReport = long.MinValue;

    /// <summary>Pushes waiting in their push service's queue.</summary>
    public int Queued => origins.Values.Sum(origin => origin.Waiting);

    public PushSender(
        PushSubscriptions subscriptions, Vapid vapid, RoomRegistry rooms, IHttpClientFactory clients, IOptions<PushOptions> options, TimeProvider time, ILogger<PushSender> logger,
        Metrics.WhisperMeter meter)
    {
        (this.subscriptions, this.vapid, this.rooms, this.clients, this.options, this.time, this.logger, this.meter) = (subscriptions, vapid, rooms, clients, options.Value, time, logger, meter);
        // Handing a message to its subscribers takes microseconds each, so this only fills if that loop is stuck; then
        // the oldest message is given up for pushes (never for the chat), and said so.
        posted = Channel.CreateBounded<ChatMessage>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest }, _ =>
        {
            Interlocked.Increment(ref givenUp);
            logger.LogWarning("Pushes fell behind the room messages: the oldest waiting message was given up for pushes");
        });
        coalescer = new PushCoalescer(this.options.MinInterval, time, Enqueue);
    }

    /// <summary>Times a push found its origin's queue full and waited, to count the messages it missed in a later push.</summary>
    public long Merged => Interlocked.Read(ref merged);

    /// <summary>Pushes given up after every attempt failed, and messages given up for pushes when the posting queue overflowed.</summary>
    public long GivenUp => Interlocked.Read(ref givenUp);

    public void Posted(ChatMessage message) => posted.Writer.TryWrite(message);

    public override void Dispose()
    {
        coalescer.Dispose();
        foreach (var origin in origins.Values)
        {
            origin.Dispose();
        }

        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stopping = stoppingToken;
        return DistributeAsync(stoppingToken);
    }

    private async Task DistributeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in posted.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var subscription in subscriptions.ForRoom(message.Room))
                {
                    if (subscription.Name != message.Author)
                    {
                        coalescer.Offer(subscription, message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: pushes not yet sent are dropped, as they would be by a browser that was offline.
        }
    }

    /// <summary>The coalescer's way out: false when the origin's queue is full, and the coalescer keeps the push.</summary>
    private bool Enqueue(PushSubscription subscription, ChatMessage message, int count)
    {
        if (stopping.IsCancellationRequested)
        {
            return true;
        }

        var origin = new Uri(subscription.Endpoint).GetLeftPart(UriPartial.Authority);
        var queue = origins.GetOrAdd(origin, _ => new PushOrigin(options, Seal, SendAsync, logger, stopping));
        if (queue.TryAdd(new PushJob(subscription, PayloadFor(subscription, message, count))))
        {
            return true;
        }

        Interlocked.Increment(ref merged);
        ReportMerged();
        return false;
    }

    /// <summary>One warning at most every few seconds, with how many pushes waited since the last: never an endpoint or a name.</summary>
    private void ReportMerged()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastReport);
        if ((last != long.MinValue && time.GetElapsedTime(last, now) < ReportEvery) || Interlocked.CompareExchange(ref lastReport, now, last) != last)
        {
            return;
        }

        var total = Merged;
        var since = total - Interlocked.Exchange(ref mergedReported, total);
        logger.LogWarning(
            "A push service's queue was full: {Merged} pushes waited and will each count the messages their subscriber missed ({Total} since start)", since, total);
    }

    private static SealedPush Seal(PushJob job) =>
        new(job.Subscription, WebPushEncryption.Encrypt(Encoding.UTF8.GetBytes(job.Payload), PushKeys.Base64Url(job.Subscription.P256dh)!, PushKeys.Base64Url(job.Subscription.Auth)!));

    /// <summary>The room always; the author and the first 100 characters only for subscribers who asked for text.</summary>
    private string PayloadFor(PushSubscription subscription, ChatMessage message, int count)
    {
        var room = rooms.Find(message.Room)?.Settings;
        var author = message.IsAnnouncement ? "Announcement" : message.AuthorDeleted ? "(deleted identity)" : message.Author;
        // The words as read, without formatting marks: a notification shows no markup.
        var plain = MessageText.ToPlain(message.Text);
        var text = plain.Length > 100 ? plain[..100] + "…" : plain.Length == 0 && message.File is { } file ? file.Name : plain;
        var body = (subscription.ShowText, count) switch
        {
            (true, 1) => $"{author}: {text}",
            (true, _) => $"{count} new messages. Latest, from {author}: {text}",
            (false, 1) => "New message",
            (false, _) => $"{count} new messages",
        };
        return JsonSerializer.Serialize(new { room = message.Room, title = room?.Title ?? message.Room, body, count, url = room?.Path ?? "/chat" });
    }

    private async Task SendAsync(SealedPush push, CancellationToken stoppingToken)
    {
        var (subscription, body) = (push.Subscription, push.Body);
        var endpoint = new Uri(subscription.Endpoint);
        var client = clients.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            TimeSpan? wait;
            try
            {
                // HTTP/2 when the service offers it (TLS negotiates it): many pushes share one connection.
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new ByteArrayContent(body),
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                };
                request.Content.Headers.ContentType = new("application/octet-stream");
                request.Content.Headers.ContentEncoding.Add("aes128gcm");
                request.Headers.TryAddWithoutValidation("TTL", "3600");
                request.Headers.TryAddWithoutValidation("Urgency", "normal");
                request.Headers.TryAddWithoutValidation("Authorization", vapid.AuthorizationFor(endpoint));
                using var response = await client.SendAsync(request, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    meter.PushSent.Add(1);
                    return;
                }

                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    // The browser dropped the subscription: so do we.
                    await subscriptions.RemoveAsync(subscription.Id);
                    coalescer.Forget(subscription.Id);
                    return;
                }

                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    logger.LogWarning("Push service refused a push with {Status}; not retried", (int)response.StatusCode);
                    meter.PushFailed.Add(1);
                    return;
                }

                wait = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException)
            {
                wait = null;
            }
            catch (TaskCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The client's timeout: a slow push service.
                wait = null;
            }

            if (attempt < MaxAttempts)
            {
                meter.PushRetried.Add(1);
                var backoff = wait ?? TimeSpan.FromSeconds(Math.Pow(4, attempt - 1));
                await Task.Delay(backoff > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : backoff, time, stoppingToken);
            }
        }

        // Never the endpoint or the payload: the endpoint is a capability, the payload may hold message text.
        Interlocked.Increment(ref givenUp);
        logger.LogWarning("A push could not be delivered after {Attempts} attempts", MaxAttempts);
        meter.PushFailed.Add(1);
    }
}
