namespace Whisper.Web.Rooms;

/// <summary>The pinned announcement region of a room; <see cref="OutOfBand"/> when it travels inside another answer.</summary>
public sealed record PinnedNotice(string Room, string? Text, bool OutOfBand = false);

/// <summary>
/// Why this visitor cannot post, shown where the composer would be: <see cref="Sentence"/>, or the terms of a ban
/// (<see cref="Ban"/>: the page gets no stream any more, and says nothing about reconnecting). <see cref="OutOfBand"/>
/// when it replaces a composer already on the page (a ban arriving through the stream).
/// </summary>
public sealed record RefusalNotice(string? Sentence, bool OutOfBand = false, Moderation.BanTerms? Ban = null);
