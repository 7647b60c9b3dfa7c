namespace Whisper.Web.Rooms;

/// <summary>
/// Who has a room open, counted per person: a key is a joined name, counted once however many tabs it has open.
/// Readers who have not joined are not counted (their keys start with <see cref="ReaderPrefix"/>): fifteen
/// cookie-less streams from one address are nobody in particular, not fifteen people.
/// </summary>
public sealed class Presence
{
    public const string ReaderPrefix = "reader:";

    private readonly Lock gate = new();
    private readonly Dictionary<string, int> streams = new(StringComparer.Ordinal);
    private int announced = -1;

    /// <summary>Those counted on other nodes, as of the last tick (always 0 on a single node).</summary>
    private int elsewhere;

    /// <summary>Everyone with the room open, on every node.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return streams.Count + elsewhere;
            }
        }
    }

    /// <summary>Those with the room open on this node.</summary>
    public int Here
    {
        get
        {
            lock (gate)
            {
                return streams.Count;
            }
        }
    }

    /// <summary>Takes in the total over all nodes, from a count taken when this node had <paramref name="here"/>.</summary>
    public void SetTotal(int total, int here)
    {
        lock (gate)
        {
            elsewhere = Math.Max(0, total - here);
        }
    }

    /// <summary>The joined names with the room open on this node.</summary>
    public IReadOnlyCollection<string> People
    {
        get
        {
            lock (gate)
            {
                return [.. streams.Keys];
            }
        }
    }

    /// <summary>The count as this viewer will see it once their own stream is open.</summary>
    public int CountIncluding(string viewerKey)
    {
        lock (gate)
        {
            return streams.Count + elsewhere + (!IsPerson(viewerKey) || streams.ContainsKey(viewerKey) ? 0 : 1);
        }
    }

    private static bool IsPerson(string viewerKey) => !viewerKey.StartsWith(ReaderPrefix, StringComparison.Ordinal);

    public void Arrive(string viewerKey)
    {
        if (!IsPerson(viewerKey))
        {
            return;
        }

        lock (gate)
        {
            streams[viewerKey] = streams.GetValueOrDefault(viewerKey) + 1;
        }
    }

    public void Leave(string viewerKey)
    {
        if (!IsPerson(viewerKey))
        {
            return;
        }

        lock (gate)
        {
            if (streams.TryGetValue(viewerKey, out var open) && open > 1)
            {
                streams[viewerKey] = open - 1;
            }
            else
            {
                streams.Remove(viewerKey);
            }
        }
    }

    /// <summary>The count if it changed since the last call, so each change is announced once.</summary>
    public bool TryTakeChange(out int count)
    {
        lock (gate)
        {
            count = streams.Count + elsewhere;
            if (count == announced)
            {
                return false;
            }

            announced = count;
            return true;
        }
    }
}
