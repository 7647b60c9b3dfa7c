using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Languages;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>The shield's state in one scope (the site or a room): on by hand, on by itself since a moment, or off.</summary>
public sealed record ShieldState(bool On, DateTimeOffset? ByHandSince, DateTimeOffset? AutomaticSince, int JoinsLastMinute);

/// <summary>What the admin home shows: the site's shield, and each room whose own shield is on.</summary>
public sealed record ShieldOverview(ShieldState Site, IReadOnlyDictionary<string, ShieldState> Rooms);

/// <summary>A join's challenge: the opaque text the browser works on, how hard, and the seconds a join without script waits.</summary>
public sealed record ShieldChallenge(string Text, int Difficulty, int WaitSeconds);

/// <summary>
/// The raid shield: while it is on for the site or for the room joined, each new name costs its browser a proof of work
/// (SHA-256 of the challenge, a colon and a counter, with <see cref="RaidShieldOptions.Difficulty"/> leading zero bits),
/// which the server checks with one hash. A challenge is sealed by data protection (every node can read it, nobody can
/// forge or extend it) and accepted once, over all nodes (<see cref="IUsedOnce"/>). Without script, the join waits
/// <see cref="RaidShieldOptions.NoScriptWaitSeconds"/> from the challenge instead. Switched on by hand (kept in the
/// database, for every node) or by itself when joins in a minute pass a threshold (counted per node, for the site and
/// for each room), off again after a quiet period; both ends of an automatic spell are written to the audit log.
/// </summary>
public sealed class RaidShield(Database database, IDataProtectionProvider protection, AuditLog audit, ClusterBus bus, IUsedOnce usedOnce, IOptions<RaidShieldOptions> options, TimeProvider time, IStringLocalizer<AdminText> text, IStringLocalizer<Text> durations) : ISchema
{
    public const string Topic = "raid-shield";

    /// <summary>Where a refused join leaves its challenge, so the form shown again keeps it and a wait already begun counts.</summary>
    public const string KeptChallenge = "whisper:shield-challenge";
    private const string SiteScope = "site";
    private const string RoomScope = "room:";
    private const int NonceBytes = 16;

    private readonly IDataProtector sealer = protection.CreateProtector("Whisper.RaidShield.Challenge");
    private readonly ConcurrentDictionary<string, DateTimeOffset> byHand = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JoinCounter> counters = new(StringComparer.Ordinal);

    public string Sql => "CREATE TABLE IF NOT EXISTS raid_shield (scope TEXT PRIMARY KEY, on_since TEXT NOT NULL) WITHOUT ROWID;";

    private RaidShieldOptions Settings => options.Value;

    private TimeSpan Quiet => TimeSpan.FromMinutes(Settings.QuietMinutes);

    /// <summary>The site's shield, and the rooms shielded on their own.</summary>
    public ShieldOverview Overview => new(
        StateOf(SiteScope),
        byHand.Keys.Concat(counters.Keys).Where(s => s.StartsWith(RoomScope, StringComparison.Ordinal)).Distinct()
            .Select(s => (Room: s[RoomScope.Length..], State: StateOf(s))).Where(r => r.State.On)
            .ToDictionary(r => r.Room, r => r.State, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether a new name joining <paramref name="room"/> must show its work: the site's shield or the room's own.</summary>
    public bool IsOnFor(string room) => StateOf(SiteScope).On || StateOf(RoomScope + room).On;

    /// <summary>Reads where the shield is on by hand (at start, and when another node switched it).</summary>
    public async Task LoadAsync() =>
        byHand.ReplaceWith(await database.QueryAsync("SELECT scope, on_since FROM raid_shield",
            reader => KeyValuePair.Create(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture))));

    /// <summary>Switches the shield of one room, or of the whole site when <paramref name="room"/> is null.</summary>
    public async Task SwitchAsync(string? room, bool on)
    {
        var scope = Scope(room);
        if (on)
        {
            await database.ExecuteAsync("INSERT INTO raid_shield (scope, on_since) VALUES (@scope, @now) ON CONFLICT (scope) DO NOTHING", ("@scope", scope), ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        }
        else
        {
            await database.ExecuteAsync("DELETE FROM raid_shield WHERE scope = @scope", ("@scope", scope));
            // Off by hand also ends an automatic spell: the admin has looked and decided.
            if (counters.TryGetValue(scope, out var counter))
            {
                counter.Reset();
            }
        }

        await LoadAsync();
        await bus.PublishAsync(Topic);
        await audit.WriteAsync(on ? "Audit.ShieldOn" : "Audit.ShieldOff", Where(scope));
    }

    /// <summary>Counts a join into a room, for the site and for the room; past a threshold that scope's shield goes on by itself.</summary>
    public async Task CountJoinAsync(string room)
    {
        var now = time.GetUtcNow();
        if (Counter(SiteScope).Count(now, Settings.AutoJoinsPerMinute))
        {
            await audit.WriteAsync("Audit.ShieldWentOn", Where(SiteScope), Settings.AutoJoinsPerMinute.ToString(CultureInfo.InvariantCulture));
        }

        if (Counter(RoomScope + room).Count(now, Settings.AutoRoomJoinsPerMinute))
        {
            await audit.WriteAsync("Audit.ShieldWentOn", Where(RoomScope + room), Settings.AutoRoomJoinsPerMinute.ToString(CultureInfo.InvariantCulture));
        }

        await SettleAsync();
    }

    /// <summary>Ends the automatic spells whose quiet period has passed, and writes each end to the audit log once.</summary>
    public async Task SettleAsync()
    {
        var now = time.GetUtcNow();
        foreach (var (scope, counter) in counters)
        {
            if (counter.EndIfQuiet(now, Quiet))
            {
                await audit.WriteAsync("Audit.ShieldWentOff", Where(scope), AuditLog.Seconds(TimeSpan.FromMinutes(Settings.QuietMinutes)));
            }
        }
    }

    /// <summary>A fresh challenge for a join form, or the one a refused join of this request brought, while it is genuine.</summary>
    public ShieldChallenge Issue(HttpContext context)
    {
        if (context.Items[KeptChallenge] is string kept && Open(kept) is not null)
        {
            return new ShieldChallenge(kept, Settings.Difficulty, Settings.NoScriptWaitSeconds);
        }

        var payload = new byte[NonceBytes + 9];
        RandomNumberGenerator.Fill(payload.AsSpan(0, NonceBytes));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(NonceBytes), time.GetUtcNow().ToUnixTimeMilliseconds());
        payload[^1] = (byte)Settings.Difficulty;
        return new ShieldChallenge(Base64Url(sealer.Protect(payload)), Settings.Difficulty, Settings.NoScriptWaitSeconds);
    }

    /// <summary>
    /// Why this join into <paramref name="room"/> may not go ahead, or null: the challenge must be genuine, unexpired and
    /// unused, and either solved or, without a solution, old enough. A refused join that only needs to wait more does not
    /// use its challenge up.
    /// </summary>
    public async Task<string?> RefusalAsync(string room, string? challenge, string? solution)
    {
        if (!IsOnFor(room))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (Open(challenge) is not { } payload)
        {
            return text["Shield.Refusal.Old"];
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(NonceBytes)));
        var expires = issued + TimeSpan.FromMinutes(Settings.ChallengeMinutes);
        if (now >= expires)
        {
            return text["Shield.Refusal.Old"];
        }

        if (string.IsNullOrEmpty(solution))
        {
            var wait = issued + TimeSpan.FromSeconds(Settings.NoScriptWaitSeconds) - now;
            if (wait > TimeSpan.Zero)
            {
                return text["Shield.Refusal.Wait", durations.Duration(TimeSpan.FromSeconds(Settings.NoScriptWaitSeconds)), durations.Duration(wait, DurationStyle.WaitRoundedUp)];
            }
        }
        else if (!Solves(challenge!, solution, payload[^1]))
        {
            return text["Shield.Refusal.Failed"];
        }

        return await usedOnce.TryUseAsync("shield:" + Convert.ToHexString(payload.AsSpan(0, NonceBytes)), expires)
            ? null
            : text["Shield.Refusal.Used"].Value;
    }

    /// <summary>Whether SHA-256 of "challenge:solution" starts with <paramref name="difficulty"/> zero bits.</summary>
    public static bool Solves(string challenge, string solution, int difficulty)
    {
        if (solution.Length > 20 || !solution.All(char.IsAsciiDigit))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes($"{challenge}:{solution}"), hash);
        var bits = 0;
        foreach (var b in hash)
        {
            if (b != 0)
            {
                return bits + BitOperations.LeadingZeroCount(b) - 24 >= difficulty;
            }

            bits += 8;
            if (bits >= difficulty)
            {
                return true;
            }
        }

        return true;
    }

    private ShieldState StateOf(string scope)
    {
        var now = time.GetUtcNow();
        var hand = byHand.TryGetValue(scope, out var since) ? since : (DateTimeOffset?)null;
        var counter = counters.TryGetValue(scope, out var found) ? found : null;
        var automatic = counter?.AutomaticSince(now, Quiet);
        return new ShieldState(hand is not null || automatic is not null, hand, automatic, counter?.JoinsLastMinute(now) ?? 0);
    }

    // Room counters exist only for rooms that are joined (the controller passes a room it found), so they stay few.
    private JoinCounter Counter(string scope) => counters.GetOrAdd(scope, _ => new JoinCounter());

    private static string Scope(string? room) => room is null ? SiteScope : RoomScope + room;

    /// <summary>What an audit entry of the shield is about: the whole site (a word, translated when shown) or a room by its name.</summary>
    private static string Where(string scope) => scope == SiteScope ? AuditLog.Key("Audit.WholeSite") : scope[RoomScope.Length..];

    private byte[]? Open(string? challenge)
    {
        try
        {
            var payload = challenge is null ? null : sealer.Unprotect(Convert.FromBase64String(challenge.Replace('-', '+').Replace('_', '/') + new string('=', (4 - challenge.Length % 4) % 4)));
            return payload?.Length == NonceBytes + 9 ? payload : null;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
