using Whisper.Web.Push;
using Whisper.Web.Talk;

namespace Whisper.Web.Metrics;

/// <summary>One node's live figures, as the admin's dashboard lists them: counts only, nothing of who.</summary>
public sealed record NodeFigure(string Node, long Streams, long MessagesPerMinute, long PushQueue, long StrangersWaiting)
{
    public bool IsThisNode { get; init; }
}

/// <summary>The admin's live dashboard: people online over every node, and each node's figures.</summary>
public sealed record LiveDashboard(int OnlineNow, IReadOnlyList<NodeFigure> Nodes)
{
    public long MessagesPerMinute => Nodes.Sum(n => n.MessagesPerMinute);

    public long Streams => Nodes.Sum(n => n.Streams);

    public long PushQueue => Nodes.Sum(n => n.PushQueue);

    public long StrangersWaiting => Nodes.Sum(n => n.StrangersWaiting);
}

/// <summary>This node's figures, read from the features that hold them.</summary>
public sealed class LiveFigures(WhisperMeter meter, PushSender push, StrangerChat strangers)
{
    public NodeFigure Here(string node) => new(
        node, meter.OpenStreams(StreamKind.Room) + meter.OpenStreams(StreamKind.Talk), meter.MessagesLastMinute.Total, push.Queued, strangers.Waiting)
    {
        IsThisNode = true,
    };
}
