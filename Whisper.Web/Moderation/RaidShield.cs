using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

/// <summary>The shield's state for the admin home: on by hand, on by itself since a moment, or off.</summary>
public sealed record ShieldState(bool On, DateTimeOffset? ByHandSince, DateTimeOffset? AutomaticSince, int JoinsLastMinute);

/// <summary>A join's challenge: the opaque text the browser works on, how hard, and the seconds a join without script waits.</summary>
public sealed record ShieldChallenge(string Text, int Difficulty, int WaitSeconds);

/// <summary>
/// The raid shield: while it is on, each new name costs its browser a proof of work (SHA-256 of the challenge, a colon
/// and a counter, with <see cref="RaidShieldOptions.Difficulty"/> leading zero bits), which the server checks with one
/// hash. A challenge is sealed by data protection (every node can read it, nobody can forge or extend it) and accepted
/// once. Without script, the join waits <see cref="RaidShieldOptions.NoScriptWaitSeconds"/> from the challenge instead.
/// Switched on by hand (kept in the database, for every node) or by itself when joins in a minute pass
/// <see cref="RaidShieldOptions.AutoJoinsPerMinute"/> (counted per node), off again after a quiet period.
/// Nothing about who joins is kept: only the moments of the last minute's joins and the challenges in use.
/// </summary>
public sealed class RaidShield(Database database, IDataProtectionProvider protection, AuditLog audit, ClusterBus bus, IOptions<RaidShieldOptions> options, TimeProvider time) : ISchema
{
    public const string Topic = "raid-shield";

    /// <summary>Where a refused join leaves its challenge, so the form shown again keeps it and a wait already begun counts.</summary>
    public const string KeptChallenge = "whisper:shield-challenge";
    private const int NonceBytes = 16;

    private readonly IDataProtector sealer = protection.CreateProtector("Whisper.RaidShield.Challenge");
    private readonly ConcurrentDictionary<string, DateTimeOffset> used = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> recentJoins = new();
    private readonly Lock counting = new();
    private DateTimeOffset? byHandSince;
    private DateTimeOffset? automaticSince;
    private DateTimeOffset lastBusy;

    public string Sql => "CREATE TABLE IF NOT EXISTS raid_shield (scope TEXT PRIMARY KEY, on_since TEXT NOT NULL) WITHOUT ROWID;";

    private RaidShieldOptions Settings => options.Value;

    public ShieldState State
    {
        get
        {
            lock (counting)
            {
                var automatic = AutomaticSince();
                return new ShieldState(byHandSince is not null || automatic is not null, byHandSince, automatic, Trimmed());
            }
        }
    }

    public bool IsOn => State.On;

    /// <summary>Reads whether the shield is on by hand (at start, and when another node switched it).</summary>
    public async Task LoadAsync() =>
        byHandSince = await database.ScalarAsync("SELECT on_since FROM raid_shield WHERE scope = 'site'") is string since
            ? DateTimeOffset.Parse(since, CultureInfo.InvariantCulture)
            : null;

    public async Task SwitchAsync(bool on)
    {
        if (on)
        {
            await database.ExecuteAsync("INSERT INTO raid_shield (scope, on_since) VALUES ('site', @now) ON CONFLICT (scope) DO NOTHING", ("@now", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        }
        else
        {
            await database.ExecuteAsync("DELETE FROM raid_shield WHERE scope = 'site'");
            // Off by hand also ends an automatic spell: the admin has looked and decided.
            lock (counting)
            {
                automaticSince = null;
                recentJoins.Clear();
            }
        }

        await LoadAsync();
        await bus.PublishAsync(Topic);
        await audit.WriteAsync(on ? "Switched the raid shield on" : "Switched the raid shield off", "the whole site");
    }

    /// <summary>Counts a join attempt; past the threshold the shield goes on by itself (and the audit log says so once).</summary>
    public async Task CountJoinAsync()
    {
        var now = time.GetUtcNow();
        bool switchedOn;
        lock (counting)
        {
            recentJoins.Enqueue(now);
            var busy = Settings.AutoJoinsPerMinute > 0 && Trimmed() > Settings.AutoJoinsPerMinute;
            while (recentJoins.Count > Settings.AutoJoinsPerMinute + 1)
            {
                recentJoins.Dequeue();
            }

            switchedOn = busy && automaticSince is null;
            if (busy)
            {
                lastBusy = now;
                automaticSince ??= now;
            }
        }

        if (switchedOn)
        {
            await audit.WriteAsync($"The raid shield went on by itself: more than {Settings.AutoJoinsPerMinute} joins in a minute", "the whole site");
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
    /// Why this join may not go ahead, or null: the challenge must be genuine, unexpired and unused, and either solved or,
    /// without a solution, old enough. A refused join that only needs to wait more does not use its challenge up.
    /// </summary>
    public string? Refusal(string? challenge, string? solution)
    {
        if (!IsOn)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (Open(challenge) is not { } payload)
        {
            return "The raid shield is on and this join form is too old. Reload the page and join again.";
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(NonceBytes)));
        if (now - issued > TimeSpan.FromMinutes(Settings.ChallengeMinutes))
        {
            return "The raid shield is on and this join form is too old. Reload the page and join again.";
        }

        if (string.IsNullOrEmpty(solution))
        {
            var wait = issued + TimeSpan.FromSeconds(Settings.NoScriptWaitSeconds) - now;
            if (wait > TimeSpan.Zero)
            {
                return $"The raid shield is on: without JavaScript, joining waits {Settings.NoScriptWaitSeconds} seconds. Press Join again in {Math.Ceiling(wait.TotalSeconds)} seconds.";
            }
        }
        else if (!Solves(challenge!, solution, payload[^1]))
        {
            return "The raid shield's check failed. Reload the page and join again.";
        }

        Forget(now);
        return used.TryAdd(Convert.ToHexString(payload.AsSpan(0, NonceBytes)), issued + TimeSpan.FromMinutes(Settings.ChallengeMinutes))
            ? null
            : "This join form was used already. Reload the page and join again.";
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

    /// <summary>Used challenges are remembered only until they would have expired anyway.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var (nonce, until) in used)
        {
            if (until < now)
            {
                used.TryRemove(new KeyValuePair<string, DateTimeOffset>(nonce, until));
            }
        }
    }

    /// <summary>Since when the shield is on by itself, ending the spell after a quiet period (call under the lock).</summary>
    private DateTimeOffset? AutomaticSince()
    {
        if (automaticSince is not null && time.GetUtcNow() - lastBusy >= TimeSpan.FromMinutes(Settings.QuietMinutes))
        {
            automaticSince = null;
        }

        return automaticSince;
    }

    /// <summary>Joins in the last minute (call under the lock).</summary>
    private int Trimmed()
    {
        var now = time.GetUtcNow();
        while (recentJoins.Count > 0 && now - recentJoins.Peek() >= TimeSpan.FromMinutes(1))
        {
            recentJoins.Dequeue();
        }

        return recentJoins.Count;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
