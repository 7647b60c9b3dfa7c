using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Files;
using Whisper.Web.Languages;
using Whisper.Web.Rooms;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>What screening made of a text: refused with a sentence, withheld from everyone but its author, or free to go.</summary>
public sealed record Screening(Refusal? Refusal = null, bool Withheld = false)
{
    public static readonly Screening Clear = new();
}

/// <summary>
/// The admin's word and pattern filters, kept in the database and mirrored in memory (reloaded on every node when
/// one changes them). Screens room messages with their file names, and stranger-chat lines; marks report excerpts.
/// Reads the text only to match it: nothing of it is kept, except a held message, until a moderator decides.
/// </summary>
public sealed class Filters(
    Database database, Sanctions sanctions, HeldMessages held, AuditLog audit, ClusterBus bus, IOptions<AdminOptions> options, TimeProvider time, ILogger<Filters> logger,
    IStringLocalizer<AdminText> words) : ISchema
{
    public const string Topic = "filters";

    private volatile List<CompiledFilter> compiled = [];

    public string Sql => """
        CREATE TABLE IF NOT EXISTS filters (
            id INTEGER PRIMARY KEY AUTOINCREMENT, pattern TEXT NOT NULL, is_regex INTEGER NOT NULL, action TEXT NOT NULL,
            room TEXT NULL, sentence TEXT NOT NULL, mute_minutes INTEGER NOT NULL
        );
        """;

    public IReadOnlyList<Filter> All => compiled.Select(c => c.Filter).ToList();

    /// <summary>Reads every filter (at start, and when another node changed them).</summary>
    public async Task LoadAsync()
    {
        var filters = await database.QueryAsync("SELECT id, pattern, is_regex, action, room, sentence, mute_minutes FROM filters ORDER BY id", reader => new Filter(
            reader.GetInt64(0), reader.GetString(1), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture) != 0, Enum.Parse<FilterAction>(reader.GetString(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture)));
        var timeout = TimeSpan.FromMilliseconds(options.Value.FilterMatchTimeoutMs);
        // The strictest first: a text that several filters match is refused rather than held.
        compiled = filters.OrderBy(f => f.Action).Select(f => new CompiledFilter(f, timeout)).ToList();
    }

    public async Task AddAsync(Filter filter)
    {
        await database.ExecuteAsync(
            "INSERT INTO filters (pattern, is_regex, action, room, sentence, mute_minutes) VALUES (@pattern, @regex, @action, @room, @sentence, @minutes)",
            ("@pattern", filter.Pattern), ("@regex", filter.IsRegex ? 1 : 0), ("@action", filter.Action.ToString()), ("@room", filter.Room),
            ("@sentence", filter.Sentence), ("@minutes", filter.MuteMinutes));
        await ChangedAsync(filter.IsRegex ? "Audit.AddedPatternFilter" : "Audit.AddedWordFilter", filter.Pattern, AuditLog.Key("Audit.Does." + filter.Action));
    }

    public async Task RemoveAsync(long id)
    {
        if (All.FirstOrDefault(f => f.Id == id) is { } filter && await database.ExecuteAsync("DELETE FROM filters WHERE id = @id", ("@id", id)) == 1)
        {
            await ChangedAsync("Audit.RemovedFilter", filter.Pattern);
        }
    }

    /// <summary>The strictest filter matching <paramref name="text"/> in <paramref name="room"/> (null: outside rooms, only filters for everywhere).</summary>
    public Filter? Match(string? text, string? room)
    {
        if (string.IsNullOrWhiteSpace(text) || compiled.Count == 0)
        {
            return null;
        }

        var folded = CompiledFilter.Fold(text);
        var words = CompiledFilter.FoldedWords(folded);
        foreach (var filter in compiled)
        {
            if (filter.Filter.AppliesIn(room) && filter.Matches(folded, words))
            {
                return filter.Filter;
            }
        }

        return null;
    }

    /// <summary>
    /// Screens a room post (its text and its file's name), or the new text of message <paramref name="edits"/>, and does
    /// what the matching filter says: holds it (an edit is held as the edit it is), or mutes its author.
    /// </summary>
    public async Task<Screening> ScreenPostAsync(string room, string author, string text, Attachment? file, long? edits = null)
    {
        var filter = Match(file is null ? text : $"{text}\n{file.Name}", room);
        switch (filter?.Action)
        {
            case null:
                return Screening.Clear;
            case FilterAction.Refuse:
                return new Screening(new Refusal(filter.RefusalIn(words), StatusCodes.Status422UnprocessableEntity));
            case FilterAction.Hold:
                await held.HoldAsync(room, author, text, file, time.GetUtcNow(), edits);
                return new Screening(Withheld: true);
            default:
                await sanctions.MuteForAsync(author, TimeSpan.FromMinutes(filter.MuteMinutes));
                await audit.WriteAsync("Audit.FilterMuted", author, AuditLog.Seconds(TimeSpan.FromMinutes(filter.MuteMinutes)));
                return new Screening(Withheld: true);
        }
    }

    /// <summary>Screens a stranger-chat line: refused with the sentence, or withheld (held or muted lines reach nobody: they are never kept).</summary>
    public Screening ScreenLine(string text) => Match(text, null) switch
    {
        null => Screening.Clear,
        { Action: FilterAction.Refuse } filter => new Screening(new Refusal(filter.RefusalIn(words), StatusCodes.Status422UnprocessableEntity)),
        _ => new Screening(Withheld: true),
    };

    private async Task ChangedAsync(string action, string pattern, params string[] arguments)
    {
        await LoadAsync();
        await bus.PublishAsync(Topic);
        await audit.WriteAsync(action, pattern, arguments);
        logger.LogInformation("Filters changed; {Count} in force", compiled.Count);
    }
}
