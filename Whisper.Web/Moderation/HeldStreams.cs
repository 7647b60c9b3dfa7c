using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Sse;

namespace Whisper.Web.Moderation;

/// <summary>A room's held messages as moderators see them beside the live room: the list partial and the room it is for.</summary>
public sealed record HeldList(string? Room, IReadOnlyList<HeldMessage> Messages)
{
    /// <summary>The live room view shows at most this many, the latest: each change sends the list again, so a flood stays small.</summary>
    public const int LiveLimit = 20;

    /// <summary>What the list shows: every message on the Held page, the latest <see cref="LiveLimit"/> beside a live room.</summary>
    public IReadOnlyList<HeldMessage> Shown => Room is null ? Messages : Messages.TakeLast(LiveLimit).ToList();

    /// <summary>How many the live list leaves to the Held page.</summary>
    public int NotShown => Messages.Count - Shown.Count;
}

/// <summary>
/// The moderators' own stream of a room's held messages: a separate stream, never the room's, since held text must reach
/// its author and the team only. Each change renders the room's whole list once (it is short) and hands the same frame
/// to every moderator watching that room; a reconnect starts with the list as it is, so nothing missed stays missed.
/// A stream is checked once, when it opens: when its account is disabled or given other rooms or another role, its
/// streams end on every node, and the browser's reconnect is checked again under what the account may now do.
/// Moderators read in their own languages: a change is rendered once per language among the room's watchers.
/// </summary>
public sealed class HeldStreams(FragmentRenderer renderer, ClusterBus bus, IOptions<StreamOptions> options)
{
    public const string Event = "held";

    /// <summary>Another node's account changed: the detail is the account's name.</summary>
    public const string AccountTopic = "team-account";

    private readonly ConcurrentDictionary<Subscriber, (string Room, string Account, CultureInfo Language)> watching = new();

    public Subscriber Watch(string room, string account)
    {
        var subscriber = new Subscriber(options.Value.SubscriberBuffer, deliveredUpTo: 0);
        // The request's language, as the request localization middleware chose it for this moderator.
        watching[subscriber] = (room, account, CultureInfo.CurrentUICulture);
        return subscriber;
    }

    public void Leave(Subscriber subscriber) => watching.TryRemove(subscriber, out _);

    /// <summary>Ends every held stream <paramref name="account"/> has open, here and on the other nodes.</summary>
    public async Task EndAccountAsync(string account)
    {
        await EndAccountHereAsync(account);
        await bus.PublishAsync(AccountTopic, account);
    }

    public Task EndAccountHereAsync(string account)
    {
        foreach (var (subscriber, _) in watching.Where(w => string.Equals(w.Value.Account, account, StringComparison.Ordinal)))
        {
            subscriber.Complete();
            Leave(subscriber);
        }

        return Task.CompletedTask;
    }

    public async Task<SseFrame> FrameAsync(HeldList list) => SseFrame.Event(Event, await renderer.RenderAsync("~/Views/Admin/_HeldList.cshtml", list));

    public async Task ChangedAsync(HeldList list)
    {
        var byLanguage = watching.Where(w => string.Equals(w.Value.Room, list.Room, StringComparison.OrdinalIgnoreCase))
            .GroupBy(w => w.Value.Language, w => w.Key);
        foreach (var watchers in byLanguage)
        {
            var frame = await Sse.FragmentLanguage.InAsync(watchers.Key, _ => FrameAsync(list));
            foreach (var subscriber in watchers.Where(s => !s.TryDeliver(frame)))
            {
                Leave(subscriber);
            }
        }
    }
}
