using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Languages;
using Whisper.Web.Rooms;
using Whisper.Web.Sse;

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

    private readonly Channel<PushNews> posted;
    /// <summary>The queue shared by origins beyond <see cref="PushOptions.MaxOrigins"/>; never an origin's own name (those have a scheme).</summary>
    private const string OverflowKey = "overflow";

    private readonly ConcurrentDictionary<string, PushOrigin> origins = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock originsGate = new();

    private readonly PushSubscriptions subscriptions;
    private readonly Vapid vapid;
    private readonly RoomRegistry rooms;
    private readonly IHttpClientFactory clients;
    private readonly PushOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<PushSender> logger;
    private readonly PushCoalescer coalescer;
    private readonly Metrics.WhisperMeter meter;
    private readonly IStringLocalizer<AppText> text;
    private readonly RoomWords roomWords;
    private CancellationToken stopping = new(canceled: true);
    private long merged;
    private long givenUp;
    private long mergedReported;
    private long lastReport = long.MinValue;

    /// <summary>Pushes waiting in their push service's queue.</summary>
    public int Queued => origins.Values.Sum(origin => origin.Waiting);

    /// <summary>Push-service queues open now (the shared overflow counts as one).</summary>
    public int OpenOrigins => origins.Count;

    public PushSender(
        PushSubscriptions subscriptions, Vapid vapid, RoomRegistry rooms, IHttpClientFactory clients, IOptions<PushOptions> options, TimeProvider time, ILogger<PushSender> logger,
        Metrics.WhisperMeter meter, IStringLocalizer<AppText> text, RoomWords roomWords)
    {
        (this.subscriptions, this.vapid, this.rooms, this.clients, this.options, this.time, this.logger, this.meter) = (subscriptions, vapid, rooms, clients, options.Value, time, logger, meter);
        this.text = text;
        this.roomWords = roomWords;
        // Handing a message to its subscribers takes microseconds each, so this only fills if that loop is stuck; then
        // the oldest message is given up for pushes (never for the chat), and said so.
        posted = Channel.CreateBounded<PushNews>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest }, _ =>
        {
            Interlocked.Increment(ref givenUp);
            logger.LogWarning("Pushes fell behind the room messages: the oldest waiting message was given up for pushes");
        });
        coalescer = new PushCoalescer(this.options.MinInterval, time, Enqueue);
        subscriptions.Removed += coalescer.Forget;
    }

    /// <summary>Times a push found its origin's queue full and waited, to count the messages it missed in a later push.</summary>
    public long Merged => Interlocked.Read(ref merged);

    /// <summary>Pushes given up after every attempt failed, and messages given up for pushes when the posting queue overflowed.</summary>
    public long GivenUp => Interlocked.Read(ref givenUp);

    public void Posted(ChatMessage message) => posted.Writer.TryWrite(message);

    public void Reacted(ChatMessage message, string reactor, string emoji) => posted.Writer.TryWrite(new PushNews(message, reactor, emoji));

    public override void Dispose()
    {
        subscriptions.Removed -= coalescer.Forget;
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
            await foreach (var news in posted.Reader.ReadAllAsync(stoppingToken))
            {
                var message = news.Message;
                // Read once per message, and only when someone chose mentions only.
                string? plain = null;
                foreach (var subscription in subscriptions.ForRoom(message.Room))
                {
                    if (Wants(subscription, news, ref plain))
                    {
                        coalescer.Offer(subscription, news);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: pushes not yet sent are dropped, as they would be by a browser that was offline.
        }
    }

    /// <summary>
    /// Whether a subscriber is pushed this news: every message but its own, or with mentions only, those that mention it
    /// or answer it; a reaction only to a mentions-only subscriber whose message it is.
    /// </summary>
    private static bool Wants(PushSubscription subscription, PushNews news, ref string? plain)
    {
        var message = news.Message;
        if (news.Reactor is not null)
        {
            return subscription.MentionsOnly && subscription.Name == message.Author && !message.AuthorDeleted;
        }

        if (subscription.Name == message.Author)
        {
            return false;
        }

        return !subscription.MentionsOnly || Mentions.Of(message, plain ??= MessageText.ToPlain(message.Text), subscription.Name);
    }

    /// <summary>The coalescer's way out: false when the origin's queue is full, and the coalescer keeps the push.</summary>
    private bool Enqueue(PushSubscription subscription, PushNews message, int count)
    {
        if (stopping.IsCancellationRequested || !subscriptions.Holds(subscription))
        {
            return true;
        }

        var job = new PushJob(subscription, message, count);
        while (true)
        {
            var origin = OriginFor(subscription);
            switch (origin.TryAdd(job))
            {
                case Admission.Added:
                    return true;
                case Admission.Full:
                    Interlocked.Increment(ref merged);
                    ReportMerged();
                    return false;
                default:
                    // It retired a moment ago: it has removed itself, or is about to; a new one takes its place.
                    origins.TryRemove(KeyValuePair.Create(origin.Key, origin));
                    break;
            }
        }
    }

    /// <summary>The endpoint's own origin while fewer than <see cref="PushOptions.MaxOrigins"/> are open, else the shared overflow.</summary>
    private PushOrigin OriginFor(PushSubscription subscription)
    {
        var key = new Uri(subscription.Endpoint).GetLeftPart(UriPartial.Authority);
        if (origins.TryGetValue(key, out var origin))
        {
            return origin;
        }

        lock (originsGate)
        {
            var own = origins.Count - (origins.ContainsKey(OverflowKey) ? 1 : 0);
            if (!origins.ContainsKey(key) && own >= options.MaxOrigins)
            {
                key = OverflowKey;
            }

            return origins.GetOrAdd(key, k => new PushOrigin(k, options, Seal, SendAsync, Retired, time, logger, stopping));
        }
    }

    private void Retired(PushOrigin origin)
    {
        origins.TryRemove(KeyValuePair.Create(origin.Key, origin));
        origin.Dispose();
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

    /// <summary>
    /// Right before encrypting: nothing for a subscription that is gone, nor for a message removed since, when the push was
    /// for it alone; the text is the message's as it is now (edited, or its author's identity deleted).
    /// </summary>
    private SealedPush? Seal(PushJob job)
    {
        var subscription = job.Subscription;
        var current = Current(job.Message);
        if (!subscriptions.Holds(subscription) || (current is null && job.Count == 1))
        {
            return null;
        }

        var payload = PayloadFor(subscription, job.Message.Room, current is null ? null : job.News with { Message = current }, job.Count);
        var body = WebPushEncryption.Encrypt(Encoding.UTF8.GetBytes(payload), PushKeys.Base64Url(subscription.P256dh)!, PushKeys.Base64Url(subscription.Auth)!);
        return new SealedPush(job, body, Quotes: current is not null && (job.Count == 1 || subscription.ShowText));
    }

    /// <summary>Whether a sealed push may still go: its subscription exists, and the message it shows was not removed.</summary>
    private bool StillWanted(SealedPush push) =>
        subscriptions.Holds(push.Job.Subscription) && (!push.Quotes || Current(push.Job.Message) is not null);

    /// <summary>The message as its room holds it now; null once removed (or gone from the room's latest).</summary>
    private ChatMessage? Current(ChatMessage message) => rooms.Find(message.Room)?.Find(message.Sequence);

    /// <summary>
    /// The room always; the author and the first 100 characters only for subscribers who asked for text, and only while
    /// the message is still there (<paramref name="news"/> null: a count alone); a reaction names who and which emoji.
    /// </summary>
    private string PayloadFor(PushSubscription subscription, string roomName, PushNews? news, int count)
    {
        var room = rooms.Find(roomName)?.Settings;
        // In the language of the page that subscribed, the way every shared fragment picks its language.
        var language = FragmentLanguage.Named(subscription.Language);
        var body = FragmentLanguage.In<string>(language, () => (subscription.ShowText ? news : null, count) switch
        {
            // Without text a reaction says only that there was one: not who, nor the message's words.
            (null, 1) when news is { Reactor: not null, Emoji: { } emoji } => text["Push.SomeoneReacted", emoji].Value,
            (null, 1) => text["Push.NewMessage"].Value,
            (null, _) => text.Plural("Push.NewMessages", count),
            ({ Reactor: { } reactor, Emoji: { } emoji } shown, 1) => text["Push.Reacted", reactor, emoji, Excerpt(shown.Message)].Value,
            ({ } shown, 1) => text["Push.Quote", Author(shown.Message), Excerpt(shown.Message)].Value,
            ({ Reactor: { } reactor, Emoji: { } emoji } shown, _) => text.Plural("Push.LatestReacted", count, reactor, emoji, Excerpt(shown.Message)),
            ({ } shown, _) => text.Plural("Push.Latest", count, Author(shown.Message), Excerpt(shown.Message)),
        });
        // The title too: a seeded room's default title is said in the subscription's language.
        var title = room is null ? roomName : FragmentLanguage.In(language, () => roomWords.Title(room));
        return JsonSerializer.Serialize(new { room = roomName, title, body, count, url = room?.Path ?? "/chat" });
    }

    private string Author(ChatMessage message) =>
        message.IsAnnouncement ? text["Push.Announcement"] : message.AuthorDeleted ? text["Push.DeletedIdentity"] : message.Author;

    /// <summary>The words as read, without formatting marks (a notification shows no markup), cut at 100 characters.</summary>
    private static string Excerpt(ChatMessage message)
    {
        var plain = MessageText.ToPlain(message.Text);
        return plain.Length > 100 ? plain[..100] + "…" : plain.Length == 0 && message.File is { } file ? file.Name : plain;
    }

    private async Task SendAsync(SealedPush push, CancellationToken stoppingToken)
    {
        var (subscription, body) = (push.Job.Subscription, push.Body);
        var endpoint = new Uri(subscription.Endpoint);
        var client = clients.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // Checked before every attempt: a retry may come a minute after the subscription or the message went.
            if (!StillWanted(push))
            {
                return;
            }

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
                    // The browser dropped the subscription: so do we (which also forgets its waiting pushes).
                    await subscriptions.RemoveAsync(subscription.Id);
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
