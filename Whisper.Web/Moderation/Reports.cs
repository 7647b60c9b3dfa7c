using System.Globalization;
using System.Text.RegularExpressions;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>
/// A report waiting for the admin. For a room message only its room, number and author are kept, never its text:
/// the admin reads the message in the room while the ring still holds it. Who reported is not recorded.
/// </summary>
public sealed record Report(long Id, DateTimeOffset At, string Source, string? Room, long? Sequence, string Reported, string Reason, string? Excerpt);

/// <summary>The reports queue: filed by visitors, dismissed or acted on by the admin.</summary>
public sealed partial class Reports(Database database, TimeProvider time) : ISchema
{
    public const string RoomSource = "room";
    public const string StrangerSource = "stranger";

    public static readonly IReadOnlyList<string> Reasons =
        ["Spam or flooding", "Harassment or hate", "Sexual content", "Threats or violence", "Sharing someone's personal information", "Something else"];

    /// <summary>
    /// A reason is posted and stored as its English text (reports filed before translation read the same); the admin
    /// reads it through this key of <c>AdminText</c>. Null for a reason from elsewhere (the stranger chat's own).
    /// </summary>
    public static string? ReasonKey(string reason) => ReasonKeys.GetValueOrDefault(reason);

    /// <summary>
    /// The stranger chat's own reason, stored like the others as its English text, with the minimum age of the day it
    /// was filed (a later change of the setting leaves old reports as they were filed).
    /// </summary>
    public static string MinorReason(int age) => $"Seems to be a minor (under {age.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>
    /// How the admin pages say a stored reason: its key of <c>AdminText</c> and the arguments, the age for a minor.
    /// Null only for a reason no version of Whisper offered, which is shown as stored.
    /// </summary>
    public static (string Key, object[] Arguments)? ReasonText(string reason) =>
        ReasonKey(reason) is { } key ? (key, [])
        : MinorPattern().Match(reason) is { Success: true } minor ? ("Reason.Minor", [int.Parse(minor.Groups[1].ValueSpan, CultureInfo.InvariantCulture)])
        : null;

    /// <summary>What <see cref="MinorReason"/> writes, read back.</summary>
    [GeneratedRegex(@"^Seems to be a minor \(under (\d{1,3})\)$", RegexOptions.CultureInvariant)]
    private static partial Regex MinorPattern();

    /// <summary>A stranger has no name: a report calls them by the start of their session's id, after this word.</summary>
    public static string StrangerCalled(string shortId) => StrangerWord + shortId;

    /// <summary>The session id a stranger report names, for the admin page to say "stranger" in its own language.</summary>
    public static string? StrangerIdIn(string reported) => reported.StartsWith(StrangerWord, StringComparison.Ordinal) ? reported[StrangerWord.Length..] : null;

    private const string StrangerWord = "Stranger ";

    private static readonly Dictionary<string, string> ReasonKeys = Reasons
        .Zip(["Reason.Spam", "Reason.Harassment", "Reason.Sexual", "Reason.Threats", "Reason.Personal", "Reason.Other"])
        .ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);

    public string Sql => """
        CREATE TABLE IF NOT EXISTS reports (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, source TEXT NOT NULL, room TEXT NULL,
            sequence BIGINT NULL, reported TEXT NOT NULL, reason TEXT NOT NULL, excerpt TEXT NULL
        );
        """;

    public Task FileAsync(string source, string? room, long? sequence, string reported, string reason, string? excerpt = null) => database.ExecuteAsync(
        "INSERT INTO reports (at, source, room, sequence, reported, reason, excerpt) VALUES (@at, @source, @room, @sequence, @reported, @reason, @excerpt)",
        ("@at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)), ("@source", source), ("@room", room), ("@sequence", sequence),
        ("@reported", reported), ("@reason", reason), ("@excerpt", excerpt));

    public async Task<IReadOnlyList<Report>> OpenAsync() => await database.QueryAsync(Select + " ORDER BY id DESC LIMIT 500", Read);

    /// <summary>Removes a handled report; dismissed reports are not kept.</summary>
    public async Task<Report?> CloseAsync(long id)
    {
        var report = (await database.QueryAsync(Select + " WHERE id = @id", Read, ("@id", id))).SingleOrDefault();
        await database.ExecuteAsync("DELETE FROM reports WHERE id = @id", ("@id", id));
        return report;
    }

    /// <summary>Deletes reports filed before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> DeleteFiledBeforeAsync(DateTimeOffset cutoff) =>
        database.ExecuteAsync("DELETE FROM reports WHERE at < @cutoff", ("@cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));

    private const string Select = "SELECT id, at, source, room, sequence, reported, reason, excerpt FROM reports";

    private static Report Read(System.Data.Common.DbDataReader reader) => new(
        reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4),
        reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
}
