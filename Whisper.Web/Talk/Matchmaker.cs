using Microsoft.Extensions.Options;

namespace Whisper.Web.Talk;

/// <summary>A place in the waiting line: what matching needs to know about a session, and the node that holds it.</summary>
public sealed record Ticket(
    string Session, string Node, TalkMode Mode, IReadOnlyList<string> Interests, string? LastPartner, DateTimeOffset QueuedAt, string? Country)
{
    public bool IsAudioVisual => Mode is TalkMode.Voice or TalkMode.Video;

    /// <summary>When its node last said the session is still waiting (several nodes: tickets of a dead node fade out).</summary>
    public DateTimeOffset SeenAt { get; init; } = QueuedAt;
}

/// <summary>Two tickets paired; <see cref="First"/> waited longer and starts the call (sends the WebRTC offer).</summary>
public sealed record Match(Ticket First, Ticket Second);

/// <summary>
/// The matching rules, over a waiting line held elsewhere: first come first served; text with text, voice or video
/// with voice or video; never with themselves or the one they just left. Visitors with interests are paired with
/// someone sharing one, and with anyone once they have waited <see cref="TalkOptions.InterestWaitSeconds"/>.
/// </summary>
public sealed class Matchmaker(IOptions<TalkOptions> options, TimeProvider time)
{
    /// <summary>Takes the newcomer's partner out of the line, or puts the newcomer at its end (replacing an earlier place).</summary>
    public Match? Enqueue(List<Ticket> line, Ticket newcomer)
    {
        line.RemoveAll(t => t.Session == newcomer.Session);
        var partner = FindPartner(line, newcomer);
        if (partner is null)
        {
            line.Add(newcomer);
            return null;
        }

        line.Remove(partner);
        return new Match(partner, newcomer);
    }

    /// <summary>Pairs those in the line whose interest wait ran out, and takes them out of it.</summary>
    public IReadOnlyList<Match> MatchPatientOnes(List<Ticket> line)
    {
        var made = new List<Match>();
        var paired = new HashSet<Ticket>();
        for (var i = 0; i < line.Count; i++)
        {
            for (var j = i + 1; j < line.Count && !paired.Contains(line[i]); j++)
            {
                if (!paired.Contains(line[j]) && Suits(line[i], line[j]))
                {
                    paired.Add(line[i]);
                    paired.Add(line[j]);
                    made.Add(new Match(line[i], line[j]));
                }
            }
        }

        line.RemoveAll(paired.Contains);
        return made;
    }

    private Ticket? FindPartner(List<Ticket> line, Ticket newcomer)
    {
        Ticket? anyone = null;
        foreach (var candidate in line)
        {
            if (Compatible(newcomer, candidate) && SharesInterest(newcomer, candidate))
            {
                return candidate;
            }

            anyone ??= Suits(newcomer, candidate) ? candidate : null;
        }

        return anyone;
    }

    private bool Suits(Ticket a, Ticket b) =>
        Compatible(a, b) && (SharesInterest(a, b) || (WillTakeAnyone(a) && WillTakeAnyone(b)));

    private static bool SharesInterest(Ticket a, Ticket b) =>
        a.Interests.Intersect(b.Interests, StringComparer.OrdinalIgnoreCase).Any();

    private static bool Compatible(Ticket a, Ticket b) =>
        a.Session != b.Session && a.IsAudioVisual == b.IsAudioVisual && a.LastPartner != b.Session && b.LastPartner != a.Session;

    private bool WillTakeAnyone(Ticket ticket) =>
        ticket.Interests.Count == 0 || time.GetUtcNow() - ticket.QueuedAt >= TimeSpan.FromSeconds(options.Value.InterestWaitSeconds);
}
