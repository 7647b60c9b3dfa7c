using System.Globalization;

namespace Whisper.Web.Moderation;

/// <summary>A name barred from posting, streaming, uploading and push: until a time, or for good when <see cref="Until"/> is null.</summary>
public sealed record Ban(string Name, string Reason, DateTimeOffset BannedAt, DateTimeOffset? Until)
{
    public bool IsActiveAt(DateTimeOffset now) => Until is null || Until > now;

    /// <summary>What the banned person reads, wherever they are stopped.</summary>
    public string Explanation => Describe(Until, Reason);

    public static string Describe(DateTimeOffset? until, string reason)
    {
        var when = until is { } end
            ? "until " + end.ToUniversalTime().ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "permanently";
        return string.IsNullOrWhiteSpace(reason)
            ? $"You are banned from posting here {when}."
            : $"You are banned from posting here {when}. Reason: {reason}";
    }
}
