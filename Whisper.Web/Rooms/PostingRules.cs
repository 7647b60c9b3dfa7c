using System.Collections.Concurrent;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;

namespace Whisper.Web.Rooms;

/// <summary>Why a post was refused: a sentence for the person, the HTTP status, and when to retry if waiting helps.</summary>
public sealed record Refusal(string Message, int Status, TimeSpan? RetryAfter = null);

/// <summary>
/// Who may post what, where: bans, closed rooms, the raid controls (lockdown, new names wait, slow mode) and
/// repeated-text spam. Remembers only when each name last posted in each room and a hash of its last text.
/// </summary>
public sealed class PostingRules(Sanctions sanctions, IOptions<MessageOptions> options, IOptions<RateLimitOptions> limits, TimeProvider time, IStringLocalizer<RoomsText> words, IStringLocalizer<Text> text)
{
    private readonly ConcurrentDictionary<(string Room, string Name), DateTimeOffset> lastPost = new();
    private readonly ConcurrentDictionary<string, (int TextHash, int Count, DateTimeOffset At)> repeats = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="me"/> may post <paramref name="text"/> in <paramref name="room"/> now; the post is then counted.</summary>
    public Refusal? Check(HttpContext context, RoomSettings room, Visitor me, string text) =>
        CheckAuthor(context, room, me) ?? CheckSpam(me, text) ?? ClaimSlowModeSlot(room, me);

    /// <summary>Whether this visitor may post here at all (ban, closed room, raid controls), whatever they send: checked before an upload is read.</summary>
    public Refusal? CheckAuthor(HttpContext context, RoomSettings room, Visitor me) =>
        sanctions.Refusal(context, me) is { } banned ? new Refusal(banned, StatusCodes.Status403Forbidden) : CheckRoom(room, me);

    /// <summary>
    /// Why this visitor cannot post in this room at all right now (shown instead of the composer), or null. A reader
    /// who has not joined hears only that the room is closed: the other rules are about names.
    /// </summary>
    public Refusal? CheckRoom(RoomSettings room, Visitor? me)
    {
        var now = time.GetUtcNow();
        if (room.Closed)
        {
            return new Refusal(words["Rooms.Refusal.Closed"], StatusCodes.Status403Forbidden);
        }

        if (me is null)
        {
            return null;
        }

        if (room.LockedSince is { } locked && me.CreatedAt >= locked)
        {
            return new Refusal(words["Rooms.Refusal.Lockdown"], StatusCodes.Status403Forbidden);
        }

        var wait = me.CreatedAt + TimeSpan.FromMinutes(room.NewNamesWaitMinutes) - now;
        if (wait > TimeSpan.Zero)
        {
            return new Refusal(words.Plural("Rooms.Refusal.NewNames", room.NewNamesWaitMinutes, text.Duration(wait, DurationStyle.WaitRoundedUp)), StatusCodes.Status403Forbidden, wait);
        }

        return null;
    }

    /// <summary>Forgets what no rule can still use: posts older than any slow mode, repeats older than an hour.</summary>
    public void Prune(TimeSpan longestSlowMode)
    {
        var now = time.GetUtcNow();
        foreach (var (key, at) in lastPost)
        {
            if (now - at > longestSlowMode)
            {
                lastPost.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, at));
            }
        }

        foreach (var entry in repeats)
        {
            if (now - entry.Value.At > TimeSpan.FromHours(1))
            {
                repeats.TryRemove(entry);
            }
        }
    }

    private Refusal? CheckSpam(Visitor me, string text)
    {
        // Flood control, so it is off with the rate limits (load tests post the same text on purpose).
        if (!limits.Value.Enabled)
        {
            return null;
        }

        // Compared as people read it: width, case, spacing and invisible joiners cannot make a repeat look new.
        var hash = string.GetHashCode(MessageText.ForComparison(text), StringComparison.Ordinal);
        var now = time.GetUtcNow();
        var entry = repeats.AddOrUpdate(me.Name, (hash, 1, now), (_, previous) => previous.TextHash == hash ? (hash, previous.Count + 1, now) : (hash, 1, now));
        return entry.Count > options.Value.MaxRepeats
            ? new Refusal(words["Rooms.Refusal.Repeated"], StatusCodes.Status422UnprocessableEntity)
            : null;
    }

    private Refusal? ClaimSlowModeSlot(RoomSettings room, Visitor me)
    {
        if (room.SlowModeSeconds <= 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var interval = TimeSpan.FromSeconds(room.SlowModeSeconds);
        var key = (room.Name, me.Name);
        while (true)
        {
            if (!lastPost.TryGetValue(key, out var previous))
            {
                if (lastPost.TryAdd(key, now))
                {
                    return null;
                }

                continue;
            }

            var wait = previous + interval - now;
            if (wait > TimeSpan.Zero)
            {
                return new Refusal(words.Plural("Rooms.Refusal.SlowMode", room.SlowModeSeconds, text.Duration(wait, DurationStyle.WaitRoundedUp)), StatusCodes.Status429TooManyRequests, wait);
            }

            if (lastPost.TryUpdate(key, now, previous))
            {
                return null;
            }
        }
    }
}
