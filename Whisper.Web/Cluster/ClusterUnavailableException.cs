namespace Whisper.Web.Cluster;

/// <summary>Redis cannot be reached: nothing was changed, and the person is told to try again (503).</summary>
public sealed class ClusterUnavailableException(string message, Exception inner) : Exception(message, inner);
