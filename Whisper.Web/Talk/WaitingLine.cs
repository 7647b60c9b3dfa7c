namespace Whisper.Web.Talk;

/// <summary>Where the waiting tickets live: this node's memory, or Redis when several nodes match with each other.</summary>
public interface IWaitingLine
{
    /// <summary>Pairs the ticket with a waiting one, or queues it.</summary>
    Task<Match?> EnqueueAsync(Ticket ticket);

    /// <summary>Pairs those whose interest wait ran out; run every second by every node.</summary>
    Task<IReadOnlyList<Match>> MatchPatientOnesAsync();

    Task RemoveAsync(string session);
}

/// <summary>One node: the line in memory, under one lock, short work.</summary>
public sealed class LocalWaitingLine(Matchmaker matchmaker) : IWaitingLine
{
    private readonly Lock gate = new();
    private readonly List<Ticket> line = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return line.Count;
            }
        }
    }

    public Task<Match?> EnqueueAsync(Ticket ticket)
    {
        lock (gate)
        {
            return Task.FromResult(matchmaker.Enqueue(line, ticket));
        }
    }

    public Task<IReadOnlyList<Match>> MatchPatientOnesAsync()
    {
        lock (gate)
        {
            return Task.FromResult(matchmaker.MatchPatientOnes(line));
        }
    }

    public Task RemoveAsync(string session)
    {
        lock (gate)
        {
            line.RemoveAll(t => t.Session == session);
        }

        return Task.CompletedTask;
    }
}
