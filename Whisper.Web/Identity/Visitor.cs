namespace Whisper.Web.Identity;

/// <summary>A person who joined: their permanent name and when it was issued. Nothing else is known about them.</summary>
public sealed record Visitor(string Name, DateTimeOffset CreatedAt);
