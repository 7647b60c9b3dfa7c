using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// A live room: the ring of recent messages, the sequence, and the open streams.
/// Appends are serialised so sequence order is frame order; fan-out runs on one dispatcher task,
/// outside every lock, handing the same encoded frame to each subscriber's bounded queue.
/// </summary>
public sealed class Room : IAsyncDisposable
{
    private const int DispatchBacklog = 1024;

    /// <summary>Frames fanned out together at most: under load a stream then writes several in one go.</summary>
    private const int DispatchBatch = 64;

    private readonly Lock gate = new();
    private readonly SemaphoreSlim applyGate = new(1, 1);
    private readonly MessageRing ring;
    private readonly ConcurrentDictionary<Subscriber, string> subscribers = new();

    /// <summary>The subscribers as an array for the dispatcher's loop, rebuilt when <see cref="membership"/> moved on.</summary>
    private Subscriber[] fanOutList = [];

    /// <summary>The languages <see cref="fanOutList"/> reads, each once, rebuilt with it.</summary>
    private CultureInfo[] fanOutLanguages = [];
    private int fanOutListVersion;
    private int membership;
    private readonly Channel<SseFrame> dispatch = Channel.CreateBounded<SseFrame>(
        new BoundedChannelOptions(DispatchBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly int subscriberBuffer;
    private readonly TimeProvider time;
    private readonly Task dispatcher;

    /// <summary>Told of every message that leaves the ring, by eviction or removal (its file goes with it).</summary>
    private readonly Action<ChatMessage> dropped;

    /// <summary>Told of every message that enters the ring.</summary>
    private readonly Action<ChatMessage> held;
    private readonly IRoomLog log;
    private readonly Metrics.WhisperMeter? meter;

    /// <summary>Renders a held message's fragment after a change to it (a reaction, an edit, its original deleted).</summary>
    private readonly Func<ChatMessage, Task<string>> render;
    private RoomSettings settings;

    public Room(
        RoomSettings settings, int ringSize, int subscriberBuffer, TimeProvider time, Action<ChatMessage>? dropped = null, IRoomLog? log = null, long? startSequence = null,
        Action<ChatMessage>? held = null, Func<ChatMessage, Task<string>>? render = null, Metrics.WhisperMeter? meter = null)
    {
        this.meter = meter;
        this.render = render ?? (_ => throw new InvalidOperationException("This room was opened without a renderer, so its messages cannot change."));
        this.dropped = dropped ?? (_ => { });
        this.held = held ?? (_ => { });
        this.settings = settings;
        this.log = log ?? new LocalRoomLog(time);
        ring = new MessageRing(ringSize, startSequence ?? time.GetUtcNow().ToUnixTimeMilliseconds());
        this.subscriberBuffer = subscriberBuffer;
        this.time = time;
        dispatcher = Task.Run(DispatchAsync);
    }

    /// <summary>The room's current settings; replaced whole by the admin, never edited in place.</summary>
    public RoomSettings Settings
    {
        get => Volatile.Read(ref settings);
        set => Volatile.Write(ref settings, value.Name == Name ? value : throw new ArgumentException("A room keeps its name.", nameof(value)));
    }

    public string Name => settings.Name;

    public Presence Presence { get; } = new();

    /// <summary>Streams opened since the last tick: each is sent the whole people list once, then only changes.</summary>
    private readonly ConcurrentQueue<Subscriber> newcomers = new();

    public bool HasNewcomers => !newcomers.IsEmpty;

    /// <summary>
    /// Hands frames rendered once (the count and the whole people list) to the streams opened since the last call
    /// only. A change broadcast around it may arrive before or after: applying a change twice does nothing.
    /// </summary>
    public void Greet(IReadOnlyList<SseFrame> frames)
    {
        while (newcomers.TryDequeue(out var subscriber))
        {
            if (!subscribers.ContainsKey(subscriber))
            {
                continue;
            }

            foreach (var frame in frames)
            {
                if (!subscriber.TryDeliver(frame))
                {
                    Forget(subscriber);
                    break;
                }
            }
        }
    }

    /// <summary>The messages the ring holds, oldest first, and the last sequence issued.</summary>
    public (IReadOnlyList<ChatMessage> Messages, long LastSequence) Snapshot()
    {
        lock (gate)
        {
            return (ring.Messages(), ring.LastSequence);
        }
    }

    public ChatMessage? Find(long sequence)
    {
        lock (gate)
        {
            return ring.Find(sequence);
        }
    }

    /// <summary>
    /// Renders the message once, has the log number it, and returns it numbered once it is in this server's ring.
    /// A repeat of a <paramref name="sendKey"/> already posted here posts nothing and returns the first message.
    /// </summary>
    public async Task<(ChatMessage Message, bool Repeated)> AppendAsync(
        string author, string text, string bodyHtml, Func<ChatMessage, Task<string>> render, bool announcement = false, Files.Attachment? file = null,
        string? sendKey = null, Quote? reply = null)
    {
        var draft = new ChatMessage(Name, RoomEntry.Unnumbered, author, text, bodyHtml, time.GetUtcNow()) { IsAnnouncement = announcement, File = file, Reply = reply };
        var appended = await log.AppendAsync(this, new RoomEntry.Posted(draft, await render(draft)) { Language = FragmentLanguage.Of(FragmentLanguage.Current) }, sendKey);
        return (Find(appended.Sequence) ?? draft with { Sequence = appended.Sequence }, appended.Repeated);
    }

    /// <summary>The message first posted with this send key, when the key was used here within its lifetime.</summary>
    public async Task<ChatMessage?> SentAsync(string sendKey) =>
        await log.SentAsync(Name, sendKey) is { } sequence ? Find(sequence) ?? new ChatMessage(Name, sequence, "", "", "", time.GetUtcNow()) : null;

    /// <summary>
    /// Takes a message out of the ring and tells every page to drop it. The notice is numbered like a message,
    /// so a page that was offline at the time gets it on resume. Null when the message is no longer held.
    /// </summary>
    public async Task<ChatMessage?> RemoveAsync(long sequence, Func<ChatMessage, Task<string>> removal)
    {
        // A room no stream hears here may be behind the shared log: a message posted on another node is caught up first.
        if ((Find(sequence) ?? await CaughtUpFindAsync(sequence)) is not { } held)
        {
            return null;
        }

        await PublishAsync(new RoomEntry.Removed(sequence, await removal(held)));
        return held;
    }

    /// <summary>
    /// Publishes a rule rewriting held messages (an expired file, a deleted identity) when some held message is touched by
    /// it; every server applies it in order to its own ring, so replays and new pages get the new versions too.
    /// </summary>
    public async Task RewriteAsync(RoomEntry.Rewrite rule)
    {
        await log.CatchUpAsync(this);
        if (Snapshot().Messages.Any(m => rule.Apply(m) is not null))
        {
            await PublishAsync(rule);
        }
    }

    /// <summary>Hears the room's entries as they come while the handle is held (a stream of it is open on this server).</summary>
    public Task<IAsyncDisposable> ListenAsync() => log.ListenAsync(this);

    private async Task<ChatMessage?> CaughtUpFindAsync(long sequence)
    {
        await log.CatchUpAsync(this);
        return Find(sequence);
    }

    /// <summary>Appends a change to a held message (a reaction, an edit); every server renders its result from its own ring.</summary>
    public Task ChangeAsync(RoomEntry entry) => PublishAsync(entry);

    /// <summary>Sends a numbered notice (markup swapped out of band, such as the pinned announcement) that resumes replay.</summary>
    public Task NoticeAsync(string markup) => PublishAsync(new RoomEntry.Noticed(markup));

    /// <summary>The last sequence this server has applied.</summary>
    public long LastSequence
    {
        get
        {
            lock (gate)
            {
                return ring.LastSequence;
            }
        }
    }

    /// <summary>
    /// Applies a numbered entry: keeps it in the ring and queues its frame for every stream. The log calls this
    /// in sequence order, one entry at a time.
    /// </summary>
    public async Task ApplyAsync(long sequence, RoomEntry entry)
    {
        var (changed, swaps, translateSwaps) = await RenderChangesAsync(entry);
        var language = FragmentLanguage.Current;
        ChatMessage? leaving = null;
        ChatMessage? arriving = null;
        SseFrame frame;
        lock (gate)
        {
            switch (entry)
            {
                case RoomEntry.Posted posted:
                    var (message, html) = posted.Numbered(sequence);
                    frame = SseFrame.Localized("message", html, sequence, CultureInfo.GetCultureInfo(posted.Language), _ => render(message));
                    leaving = ring.Add(message, frame);
                    arriving = message;
                    break;
                case RoomEntry.Removed removed:
                    leaving = ring.Remove(removed.Sequence);
                    // Only the removal is kept as a notice: the answers' emptied quotes are kept with the answers.
                    ring.AddNotice(SseFrame.Event(NoticeEvent, removed.NoticeHtml, sequence));
                    Replace(changed, sequence, language);
                    frame = SseFrame.Localized(NoticeEvent, removed.NoticeHtml + swaps, sequence, language, async reader => removed.NoticeHtml + await translateSwaps(reader));
                    break;
                case RoomEntry.Reacted or RoomEntry.Edited or RoomEntry.Rewrite:
                    ring.Advance(sequence);
                    frame = Replace(changed, sequence, language) ?? SseFrame.Localized(NoticeEvent, swaps, sequence, language, translateSwaps);
                    break;
                case RoomEntry.Noticed noticed:
                    frame = Notice(noticed.Html, sequence);
                    break;
                default:
                    throw new ArgumentException($"Unknown room entry {entry.GetType().Name}.", nameof(entry));
            }
        }

        if (arriving is not null)
        {
            held(arriving);
        }

        if (leaving is not null)
        {
            dropped(leaving);
        }

        if (meter is not null)
        {
            frame.Timing = new DeliveryTiming(meter.DeliveryLatency);
        }

        // Waits when the dispatcher is behind: publishers slow down instead of memory growing.
        await dispatch.Writer.WriteAsync(frame);
    }

    /// <summary>
    /// The held messages an entry changes, and their out-of-band markup for open pages. Rendered here, on each server,
    /// from its own ring: entries are applied in the same order everywhere, so every server renders the same state, and
    /// two reactions racing from two nodes cannot undo each other. Only the log's one-at-a-time apply calls this, so
    /// the ring's copies cannot change between reading them here and replacing them.
    /// </summary>
    private async Task<(List<ChangedMessage> Changed, string Swaps, Func<CultureInfo, Task<string>> TranslateSwaps)> RenderChangesAsync(RoomEntry entry)
    {
        List<ChatMessage> changing;
        lock (gate)
        {
            changing = ChangedBy(entry);
        }

        var changed = new List<ChangedMessage>(changing.Count);
        var swaps = new System.Text.StringBuilder();
        foreach (var message in changing)
        {
            var swap = await render(message with { OutOfBand = true });
            changed.Add(new ChangedMessage(message, await render(message), swap));
            swaps.Append(swap);
        }

        // Another language's readers get the same swaps rendered in theirs, the first time one of them needs them.
        async Task<string> TranslateSwaps(CultureInfo reader)
        {
            var translated = new System.Text.StringBuilder();
            foreach (var message in changing)
            {
                translated.Append(await render(message with { OutOfBand = true }));
            }

            return translated.ToString();
        }

        return (changed, swaps.ToString(), TranslateSwaps);
    }

    /// <summary>A message's new version: its fragment for the list, and its out-of-band swap for pages that hold the old one.</summary>
    private sealed record ChangedMessage(ChatMessage Message, string Html, string Swap);

    /// <summary>
    /// The held messages as <paramref name="entry"/> would leave them if applied next, and the last sequence they follow
    /// from, so a shared log can keep each message's current version (and nothing older) beside its entries.
    /// </summary>
    public (long After, IReadOnlyList<ChatMessage> Changed) Preview(RoomEntry entry)
    {
        lock (gate)
        {
            return (ring.LastSequence, ChangedBy(entry));
        }
    }

    /// <summary>Renders a message's fragment as every server does (a message read back from a shared log).</summary>
    public Task<string> RenderAsync(ChatMessage message) => render(message);

    /// <summary>The held messages an entry changes, as it leaves them; called under the lock.</summary>
    private List<ChatMessage> ChangedBy(RoomEntry entry)
    {
        return entry switch
        {
            RoomEntry.Reacted reacted when ring.Find(reacted.Sequence) is { IsAnnouncement: false } message && Reaction.Offered.Contains(reacted.Emoji) =>
                [message with { Reactions = Reaction.Toggle(message.Reactions, reacted.Name, reacted.Emoji) }],
            RoomEntry.Edited edited when ring.Find(edited.Sequence) is { } message => Edit(message with { Text = edited.Text, BodyHtml = edited.BodyHtml, EditedAt = edited.At }),
            // The answers quoting a deleted message lose its words too: deleting takes them out of the room entirely.
            RoomEntry.Removed removed =>
                [.. ring.Messages().Where(m => m.Reply?.Sequence == removed.Sequence).Select(m => m with { Reply = m.Reply! with { Excerpt = "", Gone = true } })],
            RoomEntry.Rewrite rule => [.. ring.Messages().Select(rule.Apply).OfType<ChatMessage>()],
            _ => [],
        };

        // The answers quoting an edited message quote its new words: the old ones are kept nowhere.
        List<ChatMessage> Edit(ChatMessage message) =>
            [message, .. ring.Messages().Where(m => m.Reply is { Gone: false } quote && quote.Sequence == message.Sequence).Select(m => m with { Reply = Quote.Of(message) })];
    }

    /// <summary>
    /// Swaps changed messages into the ring with their new frames (in <paramref name="language"/>, and in any other
    /// when first asked), each keeping the change numbered <paramref name="sequence"/> as its only replayed change;
    /// called under the lock. Returns the change's frame when there was exactly one: the live notice is the same bytes.
    /// </summary>
    private SseFrame? Replace(List<ChangedMessage> changes, long sequence, CultureInfo language)
    {
        SseFrame? only = null;
        foreach (var change in changes)
        {
            var message = change.Message;
            only = SseFrame.Localized(NoticeEvent, change.Swap, sequence, language, _ => render(message with { OutOfBand = true }));
            ring.Replace(message, SseFrame.Localized("message", change.Html, message.Sequence, language, _ => render(message)), only);
        }

        return changes.Count == 1 ? only : null;
    }

    /// <summary>Keeps a notice in the ring beside the messages; called under the lock.</summary>
    private SseFrame Notice(string html, long sequence)
    {
        var notice = SseFrame.Event(NoticeEvent, html, sequence);
        ring.AddNotice(notice);
        return notice;
    }

    /// <summary>Has the log number the entry; it is applied here before the number comes back.</summary>
    private async Task PublishAsync(RoomEntry entry) => await log.AppendAsync(this, entry);

    /// <summary>Runs work that applies entries, one piece of work at a time, so sequence order is frame order.</summary>
    public async Task InOrderAsync(Func<Task> work)
    {
        await applyGate.WaitAsync();
        try
        {
            await work();
        }
        finally
        {
            applyGate.Release();
        }
    }

    /// <summary>
    /// Entries up to <paramref name="lastLost"/> can no longer be had (the shared log moved on while this server was
    /// cut off): resumes from before it are refused, and open streams end so their pages resume and are told to reload.
    /// </summary>
    public void Skip(long lastLost)
    {
        lock (gate)
        {
            ring.SkipTo(lastLost);
        }

        foreach (var subscriber in subscribers.Keys)
        {
            if (Forget(subscriber))
            {
                subscriber.Complete();
            }
        }
    }

    /// <summary>Hands a last frame to a viewer's open streams and closes them (a ban takes effect at once).</summary>
    public int Disconnect(string viewerKey, SseFrame? farewell)
    {
        var closed = 0;
        foreach (var (subscriber, key) in subscribers)
        {
            if (key == viewerKey && Forget(subscriber))
            {
                if (farewell is not null)
                {
                    subscriber.TryDeliver(farewell);
                }

                subscriber.Complete();
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Frames of this event name carry out-of-band markup only: removals, pins, a viewer's ban.</summary>
    public const string NoticeEvent = "notice";

    /// <summary>
    /// Opens a stream for a viewer. Frames after <paramref name="afterSequence"/> that the ring still holds are
    /// replayed; when some were lost (evicted from the ring, or from before a restart) the subscription says so.
    /// </summary>
    public RoomSubscription Subscribe(string viewerKey, long? afterSequence)
    {
        var replay = new List<SseFrame>();
        var missed = false;
        Subscriber subscriber;
        // Replay and registration under one lock: a message is either in the replay or reaches the new queue.
        lock (gate)
        {
            if (afterSequence is long after)
            {
                missed = !ring.TryFramesAfter(after, replay);
            }

            subscriber = new Subscriber(subscriberBuffer, ring.LastSequence);
            subscribers.TryAdd(subscriber, viewerKey);
            Interlocked.Increment(ref membership);
        }

        Presence.Arrive(viewerKey);
        newcomers.Enqueue(subscriber);
        return new RoomSubscription(this, subscriber, viewerKey, replay, missed);
    }

    internal void Unsubscribe(Subscriber subscriber, string viewerKey)
    {
        Forget(subscriber);
        subscriber.Complete();
        Presence.Leave(viewerKey);
    }

    /// <summary>Queues a frame without an id (presence, heartbeat); dropped when the room is far behind.</summary>
    public bool Broadcast(SseFrame frame) => dispatch.Writer.TryWrite(frame);

    public async ValueTask DisposeAsync()
    {
        dispatch.Writer.TryComplete();
        await dispatcher;
        foreach (var subscriber in subscribers.Keys)
        {
            subscriber.Complete();
        }
    }

    private bool Forget(Subscriber subscriber)
    {
        if (!subscribers.TryRemove(subscriber, out _))
        {
            return false;
        }

        Interlocked.Increment(ref membership);
        return true;
    }

    /// <summary>Only the dispatcher calls this. The version is read before the copy: a change during it is seen next time.</summary>
    private Subscriber[] FanOutList()
    {
        var version = Volatile.Read(ref membership);
        if (version != fanOutListVersion)
        {
            fanOutList = [.. subscribers.Keys];
            fanOutLanguages = [.. fanOutList.Select(s => s.Language).DistinctBy(FragmentLanguage.Of)];
            fanOutListVersion = version;
        }

        return fanOutList;
    }

    /// <summary>A render that fails ends the streams reading that language when they ask for it, never the room's dispatcher.</summary>
    private static async Task RenderedAsync(SseFrame frame, CultureInfo language)
    {
        try
        {
            await frame.BytesForAsync(language);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DispatchAsync()
    {
        var reader = dispatch.Reader;
        var batch = new List<SseFrame>(DispatchBatch);
        while (await reader.WaitToReadAsync())
        {
            // Whatever waits goes out together: each stream takes the batch in one write and one flush.
            while (batch.Count < DispatchBatch && reader.TryRead(out var frame))
            {
                batch.Add(frame);
            }

            var streams = FanOutList();
            // Rendered here, once per language, before streams write it: none of them then waits for a render.
            foreach (var frame in batch)
            {
                foreach (var language in fanOutLanguages)
                {
                    if (!frame.TryBytesFor(language, out _))
                    {
                        await RenderedAsync(frame, language);
                    }
                }
            }

            var queued = new int[batch.Count];
            foreach (var subscriber in streams)
            {
                var taken = 0;
                while (taken < batch.Count && subscriber.TryQueue(batch[taken]))
                {
                    queued[taken++]++;
                }

                if (taken < batch.Count)
                {
                    Forget(subscriber);
                }

                subscriber.WriteQueued();
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Timing?.Dispatched(queued[i]);
                meter?.FanOut.Add(queued[i]);
            }

            batch.Clear();
        }
    }
}
