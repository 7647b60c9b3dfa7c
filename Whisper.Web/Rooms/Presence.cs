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

    /// <summary>The people last announced to the room's streams, to tell who arrived and who left since.</summary>
    private HashSet<string> announced = new(StringComparer.Ordinal);
    private bool announcedOnce;

    /// <summary>Those with the room open on other nodes, as of the last tick (always empty on a single node).</summary>
    private HashSet<string> elsewhere = new(StringComparer.Ordinal);

    /// <summary>Everyone with the room open, on every node.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return Everybody().Count;
            }
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

    /// <summary>Everyone with the room open on every node, as of the last tick, in name order.</summary>
    public IReadOnlyList<string> Everyone
    {
        get
        {
            lock (gate)
            {
                return [.. Everybody().Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Takes in everyone counted on all nodes (this node's included) as of a tick.</summary>
    public void SetEverywhere(IReadOnlyCollection<string> everywhere)
    {
        lock (gate)
        {
            elsewhere = new HashSet<string>(everywhere, StringComparer.Ordinal);
        }
    }

    /// <summary>The people as this viewer will see them once their own stream is open, in name order.</summary>
    public IReadOnlyList<string> PeopleIncluding(string viewerKey)
    {
        lock (gate)
        {
            var everyone = Everybody();
            if (IsPerson(viewerKey))
            {
                everyone.Add(viewerKey);
            }

            return [.. everyone.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The count as this viewer will see it once their own stream is open.</summary>
    public int CountIncluding(string viewerKey) => PeopleIncluding(viewerKey).Count;

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

    /// <summary>Who arrived and who left since the last call, so each change is announced once (the first call always answers).</summary>
    public bool TryTakeChange(out PeopleChange change)
    {
        lock (gate)
        {
            var everyone = Everybody();
            change = new PeopleChange(
                [.. everyone.Except(announced).Order(StringComparer.Ordinal)], [.. announced.Except(everyone).Order(StringComparer.Ordinal)], everyone.Count);
            var first = !announcedOnce;
            announcedOnce = true;
            announced = everyone;
            return first || change.Arrived.Count > 0 || change.Left.Count > 0;
        }
    }

    /// <summary>This node's people and those elsewhere; called under the lock.</summary>
    private HashSet<string> Everybody()
    {
        var everyone = new HashSet<string>(elsewhere, StringComparer.Ordinal);
        everyone.UnionWith(streams.Keys);
        return everyone;
    }
}
