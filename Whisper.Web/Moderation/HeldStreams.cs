using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Whisper.Web.Sse;

namespace Whisper.Web.Moderation;

/// <summary>A room's held messages as moderators see them beside the live room: the list partial and the room it is for.</summary>
public sealed record HeldList(string? Room, IReadOnlyList<HeldMessage> Messages);

/// <summary>
/// The moderators' own stream of a room's held messages: a separate stream, never the room's, since held text must reach
/// its author and the team only. Each change renders the room's whole list once (it is short) and hands the same frame
/// to every moderator watching that room; a reconnect starts with the list as it is, so nothing missed stays missed.
/// </summary>
public sealed class HeldStreams(FragmentRenderer renderer, IOptions<StreamOptions> options)
{
    public const string Event = "held";

    private readonly ConcurrentDictionary<Subscriber, string> watching = new();

    public Subscriber Watch(string room)
    {
        var subscriber = new Subscriber(options.Value.SubscriberBuffer, deliveredUpTo: 0);
        watching[subscriber] = room;
        return subscriber;
    }

    public void Leave(Subscriber subscriber) => watching.TryRemove(subscriber, out _);

    public async Task<SseFrame> FrameAsync(HeldList list) => SseFrame.Event(Event, await renderer.RenderAsync("~/Views/Admin/_HeldList.cshtml", list));

    public async Task ChangedAsync(HeldList list)
    {
        var watchers = watching.Where(w => string.Equals(w.Value, list.Room, StringComparison.OrdinalIgnoreCase)).Select(w => w.Key).ToList();
        if (watchers.Count == 0)
        {
            return;
        }

        var frame = await FrameAsync(list);
        foreach (var subscriber in watchers.Where(s => !s.TryDeliver(frame)))
        {
            Leave(subscriber);
        }
    }
}
