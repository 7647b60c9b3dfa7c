using System.Text;
using StackExchange.Redis;
using Whisper.Web.Cluster;

namespace Whisper.Web.Tests.Support;

/// <summary>Everything a Whisper keeps in its Redis (every key under its prefix, on every primary), as one text to search.</summary>
public static class RedisContents
{
    public static async Task<string> ReadAllAsync(WhisperApp node)
    {
        var connection = node.Service<ClusterConnection>();
        var redis = connection.Redis!;
        var database = redis.GetDatabase();
        var text = new StringBuilder();
        var keys = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: (string)connection.Key("*")!))
            {
                keys++;
                text.Append(key).Append('\n');
                switch (await database.KeyTypeAsync(key))
                {
                    case RedisType.String:
                        text.Append(await database.StringGetAsync(key)).Append('\n');
                        break;
                    case RedisType.Hash:
                        foreach (var field in await database.HashGetAllAsync(key))
                        {
                            text.Append(field.Name).Append(' ').Append(field.Value).Append('\n');
                        }

                        break;
                    case RedisType.List:
                        text.AppendJoin('\n', await database.ListRangeAsync(key)).Append('\n');
                        break;
                    case RedisType.Stream:
                        foreach (var entry in await database.StreamRangeAsync(key))
                        {
                            text.Append(entry.Id).Append(' ').AppendJoin(' ', entry.Values.Select(v => $"{v.Name}={v.Value}")).Append('\n');
                        }

                        break;
                    case RedisType.SortedSet:
                        text.AppendJoin('\n', await database.SortedSetRangeByRankAsync(key)).Append('\n');
                        break;
                    case RedisType.Set:
                        text.AppendJoin('\n', await database.SetMembersAsync(key)).Append('\n');
                        break;
                    case var other:
                        throw new InvalidOperationException($"The test cannot read {key}, a {other}.");
                }
            }
        }

        // Guard: the room's log is there to be searched, so an assertion that a text is absent is not vacuous.
        Assert.True(keys > 0, "Redis holds no key of this Whisper.");
        return text.ToString();
    }

    /// <summary>How many subscriptions Redis counts on a room's channel (sharded ones on a cluster), over every node of this Whisper.</summary>
    public static async Task<long> SubscriptionsAsync(WhisperApp node, string room)
    {
        var connection = node.Service<ClusterConnection>();
        var count = 0L;
        foreach (var endpoint in connection.Redis!.GetEndPoints())
        {
            var server = connection.Redis.GetServer(endpoint);
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            var reply = (RedisResult[])(await server.ExecuteAsync("PUBSUB", connection.IsCluster ? "SHARDNUMSUB" : "NUMSUB", (string)connection.RoomChannel(room)!))!;
            count += (long)reply[1];
        }

        return count;
    }
}
