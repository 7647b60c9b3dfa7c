namespace Whisper.Web.Moderation;

/// <summary>
/// The joins of the last minute in one scope of the raid shield (the site, or one room), and the automatic spell they
/// started. Only moments are kept, never who joined; at most one more than the threshold, so a raid cannot grow it.
/// </summary>
public sealed class JoinCounter
{
    private readonly Queue<DateTimeOffset> recent = new();
    private readonly Lock counting = new();
    private DateTimeOffset? since;
    private DateTimeOffset lastBusy;

    /// <summary>Counts a join; true when this join switched the shield on by itself.</summary>
    public bool Count(DateTimeOffset now, int threshold)
    {
        lock (counting)
        {
            recent.Enqueue(now);
            var busy = threshold > 0 && Trim(now) > threshold;
            while (recent.Count > threshold + 1)
            {
                recent.Dequeue();
            }

            if (!busy)
            {
                return false;
            }

            lastBusy = now;
            var started = since is null;
            since ??= now;
            return started;
        }
    }

    /// <summary>Since when the shield is on by itself, or null once the quiet period has passed.</summary>
    public DateTimeOffset? AutomaticSince(DateTimeOffset now, TimeSpan quiet)
    {
        lock (counting)
        {
            return since is not null && now - lastBusy < quiet ? since : null;
        }
    }

    /// <summary>Ends a spell whose quiet period has passed; true when this call ended it (so it is written down once).</summary>
    public bool EndIfQuiet(DateTimeOffset now, TimeSpan quiet)
    {
        lock (counting)
        {
            if (since is null || now - lastBusy < quiet)
            {
                return false;
            }

            since = null;
            return true;
        }
    }

    /// <summary>Ends a spell at once and forgets the joins: the admin switched the shield off by hand.</summary>
    public void Reset()
    {
        lock (counting)
        {
            since = null;
            recent.Clear();
        }
    }

    public int JoinsLastMinute(DateTimeOffset now)
    {
        lock (counting)
        {
            return Trim(now);
        }
    }

    private int Trim(DateTimeOffset now)
    {
        while (recent.Count > 0 && now - recent.Peek() >= TimeSpan.FromMinutes(1))
        {
            recent.Dequeue();
        }

        return recent.Count;
    }
}
