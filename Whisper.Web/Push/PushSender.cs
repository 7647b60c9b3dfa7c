using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Whisper.Web.Rooms;

namespace Whisper.Web.Push;

/// <summary>
/// Turns new room messages into pushes, off the posting path: messages are queued (bounded, oldest dropped when
/// the push side falls behind), coalesced per subscription, encrypted per subscriber and sent by a few workers.
/// A slow or failing push service only ever holds a worker.
/// </summary>
public sealed class PushSender : BackgroundService, IMessagePosted
{
    public const string HttpClientName = "push";
    private const int MaxAttempts = 4;

    private readonly Channel<ChatMessage> posted = Channel.CreateBounded<ChatMessage>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Channel<(PushSubscription Subscription, string Payload)> outgoing =
        Channel.CreateBounded<(PushSubscription, string)>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest });

    private readonly PushSubscriptions subscriptions;
    private readonly Vapid vapid;
    private readonly RoomRegistry rooms;
    private readonly IHttpClientFactory clients;
    private readonly PushOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<PushSender> logger;
    private readonly PushCoalescer coalescer;
    private readonly Metrics.WhisperMeter meter;

    /// <summary>Pushes encrypted and waiting for one of the senders.</summary>
    public int Queued => outgoing.Reader.Count;

    public PushSender(
        PushSubscriptions subscriptions, Vapid vapid, RoomRegistry rooms, IHttpClientFactory clients, IOptions<PushOptions> options, TimeProvider time, ILogger<PushSender> logger,
        Metrics.WhisperMeter meter)
    {
        (this.subscriptions, this.vapid, this.rooms, this.clients, this.options, this.time, this.logger, this.meter) = (subscriptions, vapid, rooms, clients, options.Value, time, logger, meter);
        coalescer = new PushCoalescer(this.options.MinInterval, time, Enqueue);
    }

    public void Posted(ChatMessage message) => posted.Writer.TryWrite(message);

    public override void Dispose()
    {
        coalescer.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([DistributeAsync(stoppingToken), .. Enumerable.Range(0, options.Concurrency).Select(_ => WorkAsync(stoppingToken))]);

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

    private void Enqueue(PushSubscription subscription, ChatMessage message, int count) =>
        outgoing.Writer.TryWrite((subscription, PayloadFor(subscription, message, count)));

    /// <summary>The room always; the author and the first 100 characters only for subscribers who asked for text.</summary>
    private string PayloadFor(PushSubscription subscription, ChatMessage message, int count)
    {
        var room = rooms.Find(message.Room)?.Settings;
        var author = message.IsAnnouncement ? "Announcement" : message.AuthorDeleted ? "(deleted identity)" : message.Author;
        var text = message.Text.Length > 100 ? message.Text[..100] + "…" : message.Text.Length == 0 && message.File is { } file ? file.Name : message.Text;
        var body = (subscription.ShowText, count) switch
        {
            (true, 1) => $"{author}: {text}",
            (true, _) => $"{count} new messages. Latest, from {author}: {text}",
            (false, 1) => "New message",
            (false, _) => $"{count} new messages",
        };
        return JsonSerializer.Serialize(new { room = message.Room, title = room?.Title ?? message.Room, body, count, url = room?.Path ?? "/chat" });
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (subscription, payload) in outgoing.Reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(subscription, payload, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SendAsync(PushSubscription subscription, string payload, CancellationToken stoppingToken)
    {
        var endpoint = new Uri(subscription.Endpoint);
        var body = WebPushEncryption.Encrypt(Encoding.UTF8.GetBytes(payload), PushKeys.Base64Url(subscription.P256dh)!, PushKeys.Base64Url(subscription.Auth)!);
        var client = clients.CreateClient(HttpClientName);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            TimeSpan? wait;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
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
        logger.LogWarning("A push could not be delivered after {Attempts} attempts", MaxAttempts);
        meter.PushFailed.Add(1);
    }
}
