using Whisper.Web.Rooms;

namespace Whisper.Web.Moderation;

/// <summary>The announcement form: one room, or every room when <see cref="Room"/> is null.</summary>
public sealed record AnnouncementForm(string? Room, string? Text = null, string? Error = null);

/// <summary>The ban form, prefilled with the name; the choices of duration are <see cref="Durations"/>.</summary>
public sealed record BanForm(string Name, string? Reason = null, string Duration = "1.00:00:00", bool AlsoAddress = false, string? Error = null, bool AddressKnown = false)
{
    /// <summary>The name's latest messages still in the rooms, so the admin sees what they act on.</summary>
    public IReadOnlyList<Rooms.ChatMessage> Recent { get; init; } = [];

    /// <summary>Why a moderator's permanent ban is refused (its key in <c>AdminText</c>): moderators ban for up to 30 days.</summary>
    public const string ModeratorsLongest = "Ban.Error.Moderators";

    /// <summary>The choices: the value the form posts and the key of its label in <c>AdminText</c>.</summary>
    public static readonly IReadOnlyList<(string Value, string LabelKey)> Durations =
        [("01:00:00", "Ban.For.Hour"), ("1.00:00:00", "Ban.For.Day"), ("7.00:00:00", "Ban.For.Week"), ("30.00:00:00", "Ban.For.Month"), ("permanent", "Common.Permanently")];

    /// <summary>The chosen duration; null for permanent. False when the value is not one of the choices.</summary>
    public static bool TryParseDuration(string? value, out TimeSpan? duration)
    {
        duration = null;
        if (value == "permanent")
        {
            return true;
        }

        if (Durations.Any(d => d.Value == value) && TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            duration = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>A room's settings as edited by the admin, with the reason the last attempt was refused.</summary>
public sealed record RoomForm(RoomSettings Room, bool IsNew, string? Error = null);
