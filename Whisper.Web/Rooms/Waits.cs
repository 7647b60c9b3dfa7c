using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Rooms;

/// <summary>How long someone must wait, in the reader's language with its plural ("5 minutes", "5 минут", "5 دقائق").</summary>
public static class Waits
{
    /// <summary>Rounded up, so "in 2 minutes" is never too soon; seconds below a minute and a half, then minutes, then hours.</summary>
    public static string Describe(IStringLocalizer<RoomsText> text, TimeSpan wait) => wait.TotalSeconds switch
    {
        <= 1 => text.Plural("Rooms.Duration.Seconds", 1).Value,
        < 90 => text.Plural("Rooms.Duration.Seconds", (long)Math.Ceiling(wait.TotalSeconds)).Value,
        < 90 * 60 => text.Plural("Rooms.Duration.Minutes", (long)Math.Ceiling(wait.TotalMinutes)).Value,
        _ => text.Plural("Rooms.Duration.Hours", (long)Math.Ceiling(wait.TotalHours)).Value,
    };
}
