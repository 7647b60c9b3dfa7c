using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Whisper.Web.Cluster;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Privacy;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>
/// Bans and shadow-mutes by name, kept in SQLite and mirrored in memory so every post and stream is checked
/// without a query. Address bans live only on the in-memory address entry (see <see cref="ClientAddresses"/>).
/// </summary>
public sealed class Sanctions(
    Database database, ClientAddresses addresses, ClusterBus bus, TimeProvider time, ILogger<Sanctions> logger, IStringLocalizer<RoomsText> words,
    IStringLocalizer<AdminText> reasons) : ISchema
{
    /// <summary>A timed mute moved later by less than this is not told again to the other nodes (an evader's every request would).</summary>
    private static readonly TimeSpan WorthTelling = TimeSpan.FromMinutes(1);

    /// <summary>Another node muted a name for a time: the detail is the name and the end, in Unix milliseconds.</summary>
    public const string TimedMuteTopic = "timed-mute";

    private readonly ConcurrentDictionary<string, Ban> bans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> mutes = new(StringComparer.Ordinal);

    /// <summary>Mutes that end by themselves (a filter's, ban evasion's): in memory only, told to the other nodes, never written.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> timedMutes = new(StringComparer.Ordinal);

    public string Sql => """
        CREATE TABLE IF NOT EXISTS bans (
            name TEXT PRIMARY KEY, reason TEXT NOT NULL, banned_at TEXT NOT NULL, until TEXT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS mutes (name TEXT PRIMARY KEY, muted_at TEXT NOT NULL) WITHOUT ROWID;
        """;

    public IEnumerable<Ban> ActiveBans => bans.Values.Where(b => b.IsActiveAt(time.GetUtcNow())).OrderByDescending(b => b.BannedAt);

    public IEnumerable<(string Name, DateTimeOffset MutedAt)> Muted => mutes.Select(m => (m.Key, m.Value)).OrderByDescending(m => m.Value);

    /// <summary>Reads every ban and mute (at start, and when another node changed them).</summary>
    public async Task LoadAsync()
    {
        bans.ReplaceWith((await database.QueryAsync("SELECT name, reason, banned_at, until FROM bans",
            reader => new Ban(reader.GetString(0), reader.GetString(1), Parse(reader.GetString(2)), reader.IsDBNull(3) ? null : Parse(reader.GetString(3)))))
            .Select(b => KeyValuePair.Create(b.Name, b)));
        mutes.ReplaceWith((await database.QueryAsync("SELECT name, muted_at FROM mutes", reader => (reader.GetString(0), Parse(reader.GetString(1)))))
            .Select(m => KeyValuePair.Create(m.Item1, m.Item2)));
    }

    /// <summary>The active ban on this name, if any.</summary>
    public Ban? BanOf(string? name) =>
        name is not null && bans.TryGetValue(name, out var ban) && ban.IsActiveAt(time.GetUtcNow()) ? ban : null;

    /// <summary>
    /// Why this request may not post or stream: the name's ban or the address's; null when free to. Ban evasion: while a
    /// name is banned together with its address, that address (or /64) may still join, but a name made there after the
    /// ban is shadow-muted for the rest of it, here, in memory only: whoever cleared their cookies talks to nobody,
    /// rather than learning to come back from elsewhere.
    /// </summary>
    public BanTerms? BarredBy(HttpContext context, Visitor? visitor)
    {
        if (BanOf(visitor?.Name) is { } ban)
        {
            return ban.Terms;
        }

        var address = addresses.For(context);
        if (address.Ban is { } addressBan)
        {
            if (addressBan.Until is null || addressBan.Until > time.GetUtcNow())
            {
                if (BanOf(addressBan.Name) is { } nameBan && (visitor is null || visitor.CreatedAt >= nameBan.BannedAt))
                {
                    if (visitor is not null && MuteHere(visitor.Name, addresses.HoldUntil(addressBan.Until)) is { } until)
                    {
                        // Told to the other nodes without waiting, and only when new or longer: the check of this request does not depend on it.
                        _ = TellMuteObservedAsync(visitor.Name, until);
                    }

                    return null;
                }

                return new BanTerms(addressBan.Until, addressBan.Reason);
            }

            address.Ban = null;
        }

        return null;
    }

    /// <summary>The sentence of <see cref="BarredBy"/> in the request's language, or null when free to post.</summary>
    public string? Refusal(HttpContext context, Visitor? visitor) =>
        BarredBy(context, visitor) is { } terms ? terms.Sentence(words, reasons) : null;

    /// <summary>Bans a name (and, if asked and still known, the address it last used); replaces any earlier ban.</summary>
    public async Task<Ban> BanAsync(string name, TimeSpan? duration, string reason, bool alsoAddress)
    {
        var now = time.GetUtcNow();
        var ban = new Ban(name, reason, now, now + duration);
        await database.ExecuteAsync(
            """
            INSERT INTO bans (name, reason, banned_at, until) VALUES (@name, @reason, @at, @until)
            ON CONFLICT (name) DO UPDATE SET reason = excluded.reason, banned_at = excluded.banned_at, until = excluded.until
            """,
            ("@name", name), ("@reason", reason), ("@at", Format(now)), ("@until", ban.Until is { } until ? Format(until) : null));
        bans[name] = ban;
        if (alsoAddress && addresses.LastUsedBy(name) is { } address)
        {
            address.Ban = new AddressBan(addresses.HoldUntil(ban.Until), reason, name);
        }

        return ban;
    }

    /// <summary>Lifts a name's ban, and the address ban that came with it.</summary>
    public async Task<bool> LiftAsync(string name)
    {
        await database.ExecuteAsync("DELETE FROM bans WHERE name = @name", ("@name", name));
        foreach (var address in addresses.All.Where(a => a.Ban?.Name == name))
        {
            address.Ban = null;
        }

        return bans.TryRemove(name, out _);
    }

    public bool IsMuted(string name)
    {
        if (mutes.ContainsKey(name))
        {
            return true;
        }

        if (!timedMutes.TryGetValue(name, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow())
        {
            return true;
        }

        timedMutes.TryRemove(new KeyValuePair<string, DateTimeOffset>(name, until));
        return false;
    }

    /// <summary>
    /// Shadow-mutes a name until <paramref name="until"/>, in memory only, here and on every other node (a muted name
    /// whose next post lands on another node must stay muted); a longer mute already running is kept.
    /// </summary>
    public Task MuteUntilAsync(string name, DateTimeOffset until) => MuteHere(name, until) is { } longer ? TellMuteAsync(name, longer) : Task.CompletedTask;

    private Task TellMuteAsync(string name, DateTimeOffset until) => bus.PublishAsync(TimedMuteTopic, $"{until.ToUnixTimeMilliseconds()}\n{name}");

    private async Task TellMuteObservedAsync(string name, DateTimeOffset until)
    {
        try
        {
            await TellMuteAsync(name, until);
        }
        catch (Exception exception)
        {
            // Nobody awaits this: the failure is logged here, without the name (a log must not say who was muted).
            logger.LogWarning(exception, "Could not tell the other nodes of a ban evader's mute");
        }
    }

    public Task MuteForAsync(string name, TimeSpan length) => MuteUntilAsync(name, time.GetUtcNow() + length);

    /// <summary>Applies a timed mute another node made. Missed ones (Redis away) are not replayed: they are short and in memory only.</summary>
    public Task TimedMuteArrivedAsync(string detail)
    {
        var split = detail.IndexOf('\n', StringComparison.Ordinal);
        if (split > 0 && long.TryParse(detail.AsSpan(0, split), CultureInfo.InvariantCulture, out var until))
        {
            _ = MuteHere(detail[(split + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(until));
        }

        return Task.CompletedTask;
    }

    /// <summary>Mutes a name here until <paramref name="until"/> unless it already is; the end worth telling the other nodes, or null.</summary>
    private DateTimeOffset? MuteHere(string name, DateTimeOffset until)
    {
        while (true)
        {
            if (!timedMutes.TryGetValue(name, out var running) || running <= time.GetUtcNow())
            {
                if (running == default ? timedMutes.TryAdd(name, until) : timedMutes.TryUpdate(name, until, running))
                {
                    return until;
                }
            }
            else if (running >= until)
            {
                return null;
            }
            else if (timedMutes.TryUpdate(name, until, running))
            {
                return until - running >= WorthTelling ? until : null;
            }
        }
    }


    public async Task MuteAsync(string name)
    {
        var now = time.GetUtcNow();
        await database.ExecuteAsync("INSERT INTO mutes (name, muted_at) VALUES (@name, @at) ON CONFLICT (name) DO UPDATE SET muted_at = excluded.muted_at", ("@name", name), ("@at", Format(now)));
        mutes[name] = now;
    }

    public async Task<bool> UnmuteAsync(string name)
    {
        await database.ExecuteAsync("DELETE FROM mutes WHERE name = @name", ("@name", name));
        return mutes.TryRemove(name, out _);
    }

    private static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
}
