using System.Text.Json;
using StackExchange.Redis;
using Whisper.Web.Talk;

namespace Whisper.Web.Cluster;

/// <summary>Stranger chat notes between nodes: each node listens on a channel of its own for the sessions it holds.</summary>
public sealed class RedisTalkTransport(ClusterConnection cluster, ILogger<RedisTalkTransport> logger) : ITalkTransport
{
    public static RedisChannel ChannelOf(ClusterConnection cluster, string node) => cluster.ShardChannel("talk:" + node);

    public async Task<bool> SendAsync(string node, TalkNote note)
    {
        try
        {
            return await cluster.Redis!.GetSubscriber().PublishAsync(ChannelOf(cluster, node), JsonSerializer.Serialize(note)) > 0;
        }
        catch (RedisException exception)
        {
            logger.LogWarning(exception, "Could not reach the other side of a stranger conversation");
            return false;
        }
    }
}

/// <summary>Hands the notes other nodes send to this node's sessions to the stranger chat.</summary>
internal sealed class TalkNoteListener(ClusterConnection cluster, StrangerChat chat, ILogger<TalkNoteListener> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var notes = await cluster.Redis!.GetSubscriber().SubscribeAsync(RedisTalkTransport.ChannelOf(cluster, cluster.NodeId));
        notes.OnMessage(async message =>
        {
            try
            {
                if (JsonSerializer.Deserialize<TalkNote>((string)message.Message!) is { } note)
                {
                    await chat.ReceiveAsync(note);
                }
            }
            catch (JsonException exception)
            {
                logger.LogError(exception, "Could not read a stranger chat note from another node");
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
