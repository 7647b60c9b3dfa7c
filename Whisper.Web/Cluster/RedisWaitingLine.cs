using System.Text.Json;
using StackExchange.Redis;
using Whisper.Web.Talk;

namespace Whisper.Web.Cluster;

/// <summary>
/// The stranger chat's waiting line shared by all nodes: one Redis key holding the tickets, changed by reading it,
/// applying the same <see cref="Matchmaker"/> rules as one node does, and writing it back only if nobody changed it
/// meanwhile (else again). Each node marks its own tickets as still waiting every second; tickets of a node that
/// stopped doing so fade out, so nobody is matched with a page that died with its node.
/// </summary>
public sealed class RedisWaitingLine(ClusterConnection cluster, Matchmaker matchmaker, TimeProvider time) : IWaitingLine
{
    public static readonly TimeSpan Fade = TimeSpan.FromSeconds(10);
    private const int Attempts = 100;

    public Task<Match?> EnqueueAsync(Ticket ticket) => ChangeAsync(line => matchmaker.Enqueue(line, ticket));

    public Task<IReadOnlyList<Match>> MatchPatientOnesAsync() => ChangeAsync(line =>
    {
        var now = time.GetUtcNow();
        line.RemoveAll(t => t.Node != cluster.NodeId && now - t.SeenAt > Fade);
        for (var i = 0; i < line.Count; i++)
        {
            if (line[i].Node == cluster.NodeId)
            {
                line[i] = line[i] with { SeenAt = now };
            }
        }

        return matchmaker.MatchPatientOnes(line);
    });

    public Task RemoveAsync(string session) => ChangeAsync(line => line.RemoveAll(t => t.Session == session));

    private async Task<T> ChangeAsync<T>(Func<List<Ticket>, T> change)
    {
        var database = cluster.Redis!.GetDatabase();
        var key = cluster.Key("talk:waiting");
        try
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var before = await database.StringGetAsync(key);
                var line = before.IsNullOrEmpty ? [] : JsonSerializer.Deserialize<List<Ticket>>((string)before!) ?? [];
                var result = change(line);
                var write = database.CreateTransaction();
                write.AddCondition(before.IsNull ? Condition.KeyNotExists(key) : Condition.StringEqual(key, before));
                _ = write.StringSetAsync(key, JsonSerializer.Serialize(line));
                if (await write.ExecuteAsync())
                {
                    return result;
                }
            }
        }
        catch (RedisException exception)
        {
            throw new ClusterUnavailableException("Redis cannot be reached, so the stranger chat's waiting line cannot be changed.", exception);
        }

        throw new ClusterUnavailableException("The stranger chat's waiting line kept changing under this node.", new TimeoutException());
    }
}
