using Microsoft.Extensions.Options;

namespace Whisper.Web.Strangers;

/// <summary>
/// Pairs waiting visitors, first come first served: text with text, voice or video with voice or video; never
/// with themselves or the one they just left. Visitors with interests are paired with someone sharing one,
/// and with anyone once they have waited <see cref="TalkOptions.InterestWaitSeconds"/>. One lock, short work.
/// </summary>
public sealed class Matchmaker(IOptions<TalkOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly LinkedList<StrangerSession> waiting = new();

    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>Queues the session, or pairs it at once with a compatible waiting one.</summary>
    public Conversation? Enqueue(StrangerSession session)
    {
        lock (gate)
        {
            waiting.Remove(session);
            session.QueuedAt = time.GetUtcNow();
            var partner = FindPartner(session);
            if (partner is null)
            {
                waiting.AddLast(session);
                return null;
            }

            waiting.Remove(partner);
            return Pair(partner, session);
        }
    }

    /// <summary>Pairs waiting visitors whose interest wait ran out; called every second.</summary>
    public IReadOnlyList<Conversation> MatchPatientOnes()
    {
        var made = new List<Conversation>();
        lock (gate)
        {
            var queue = waiting.ToList();
            var paired = new HashSet<StrangerSession>();
            for (var i = 0; i < queue.Count; i++)
            {
                for (var j = i + 1; j < queue.Count && !paired.Contains(queue[i]); j++)
                {
                    if (!paired.Contains(queue[j]) && Suits(queue[i], queue[j]))
                    {
                        paired.Add(queue[i]);
                        paired.Add(queue[j]);
                        made.Add(Pair(queue[i], queue[j]));
                    }
                }
            }

            foreach (var session in paired)
            {
                waiting.Remove(session);
            }
        }

        return made;
    }

    public void Remove(StrangerSession session)
    {
        lock (gate)
        {
            waiting.Remove(session);
        }
    }

    private StrangerSession? FindPartner(StrangerSession session)
    {
        StrangerSession? anyone = null;
        foreach (var candidate in waiting)
        {
            if (Compatible(session, candidate) && SharesInterest(session, candidate))
            {
                return candidate;
            }

            anyone ??= Suits(session, candidate) ? candidate : null;
        }

        return anyone;
    }

    private bool Suits(StrangerSession a, StrangerSession b) =>
        Compatible(a, b) && (SharesInterest(a, b) || (WillTakeAnyone(a) && WillTakeAnyone(b)));

    private static bool SharesInterest(StrangerSession a, StrangerSession b) =>
        a.Interests.Intersect(b.Interests, StringComparer.OrdinalIgnoreCase).Any();

    private static bool Compatible(StrangerSession a, StrangerSession b) =>
        !ReferenceEquals(a, b) && a.IsAudioVisual == b.IsAudioVisual && a.LastPartnerId != b.Id && b.LastPartnerId != a.Id;

    private bool WillTakeAnyone(StrangerSession session) =>
        session.Interests.Count == 0 || time.GetUtcNow() - session.QueuedAt >= TimeSpan.FromSeconds(options.Value.InterestWaitSeconds);

    private Conversation Pair(StrangerSession first, StrangerSession second)
    {
        var conversation = new Conversation(first, second, time.GetUtcNow());
        first.Conversation = second.Conversation = conversation;
        // Interests were only for matching: not kept once it is done.
        first.Interests = second.Interests = [];
        return conversation;
    }
}
