using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;

namespace Whisper.Web.Tests.Support;

/// <summary>What a feature built by hand in a unit test gets for the cluster: no Redis, so telling other nodes does nothing.</summary>
public static class SingleNode
{
    public static ClusterBus Bus() => new(new ClusterConnection(Options.Create(new ClusterOptions())), NullLogger<ClusterBus>.Instance);
}
