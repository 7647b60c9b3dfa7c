namespace Whisper.Web.Talk;

/// <summary>Carries a note to a session held by another node; one node alone has no other to reach.</summary>
public interface ITalkTransport
{
    /// <summary>True when the other node took the note.</summary>
    Task<bool> SendAsync(string node, TalkNote note);
}

/// <summary>One node: every session is held here, so a note for another node has nowhere to go.</summary>
public sealed class SingleNodeTalkTransport : ITalkTransport
{
    public Task<bool> SendAsync(string node, TalkNote note) => Task.FromResult(false);
}
