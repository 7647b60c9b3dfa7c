namespace Whisper.Web.Cluster;

/// <summary>Redis, for running several nodes as one Whisper (section <c>Whisper:Redis</c>). Empty: one node, all in memory.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Whisper:Redis";

    /// <summary>A StackExchange.Redis connection string, such as <c>127.0.0.1:6379</c>; empty runs a single node.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Starts every key and channel, so several Whisper sites can share one Redis.</summary>
    public string Prefix { get; set; } = "whisper";

    public bool IsShared => !string.IsNullOrWhiteSpace(Configuration);
}
