using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Cluster;
using Whisper.Web.Moderation;
using Whisper.Web.Storage;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>The raid shield with a fake clock: the proof of work, the wait without script, and switching on and off by itself.</summary>
public sealed class RaidShieldTests : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly RaidShieldOptions options = new() { Difficulty = 8, NoScriptWaitSeconds = 15, ChallengeMinutes = 10, AutoJoinsPerMinute = 5, QuietMinutes = 10 };
    private Database database = null!;
    private RaidShield shield = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabases.Create(dataPath);
        var audit = new AuditLog(database, time, new Microsoft.AspNetCore.Http.HttpContextAccessor());
        var bus = new ClusterBus(new ClusterConnection(Options.Create(new ClusterOptions())), NullLogger<ClusterBus>.Instance);
        shield = new RaidShield(database, new EphemeralDataProtectionProvider(), audit, bus, Options.Create(options), time);
        await database.CreateSchemaAsync([audit, shield], CancellationToken.None);
    }

    public Task DisposeAsync() => TestDatabases.DeleteAsync(database, dataPath);

    [Fact]
    public async Task A_solved_challenge_is_accepted_once_and_a_wrong_solution_never()
    {
        await shield.SwitchAsync(on: true);
        var challenge = shield.Issue(new Microsoft.AspNetCore.Http.DefaultHttpContext()).Text;
        var solution = Solve(challenge, options.Difficulty);
        var wrong = Enumerable.Range(0, 1000).Select(n => n.ToString(CultureInfo.InvariantCulture)).First(n => !RaidShield.Solves(challenge, n, options.Difficulty));

        Assert.Equal("The raid shield's check failed. Reload the page and join again.", shield.Refusal(challenge, wrong));
        Assert.Null(shield.Refusal(challenge, solution));
        Assert.Equal("This join form was used already. Reload the page and join again.", shield.Refusal(challenge, solution));
        Assert.NotNull(shield.Refusal(challenge[..^2] + "xx", solution));
        Assert.NotNull(shield.Refusal(null, null));
    }

    [Fact]
    public async Task Without_script_a_join_waits_the_stated_seconds_from_its_challenge_and_an_old_challenge_is_refused()
    {
        await shield.SwitchAsync(on: true);
        var challenge = shield.Issue(new Microsoft.AspNetCore.Http.DefaultHttpContext()).Text;
        var stale = shield.Issue(new Microsoft.AspNetCore.Http.DefaultHttpContext()).Text;

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("The raid shield is on: without JavaScript, joining waits 15 seconds. Press Join again in 5 seconds.", shield.Refusal(challenge, ""));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(shield.Refusal(challenge, ""));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("The raid shield is on and this join form is too old. Reload the page and join again.", shield.Refusal(stale, ""));
    }

    [Fact]
    public async Task The_shield_goes_on_by_itself_past_the_joins_per_minute_and_off_after_the_quiet_minutes()
    {
        for (var join = 0; join < 5; join++)
        {
            await shield.CountJoinAsync();
        }

        Assert.False(shield.IsOn);
        Assert.Null(shield.Refusal(null, null));
        await shield.CountJoinAsync();
        Assert.True(shield.IsOn);
        Assert.Equal(time.GetUtcNow(), shield.State.AutomaticSince);
        Assert.NotNull(shield.Refusal(null, null));

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.True(shield.IsOn);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(shield.IsOn);
    }

    [Fact]
    public async Task Joins_spread_over_minutes_do_not_switch_it_on_and_by_hand_it_stays_on_until_switched_off()
    {
        for (var join = 0; join < 12; join++)
        {
            await shield.CountJoinAsync();
            time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.False(shield.IsOn);
        await shield.SwitchAsync(on: true);
        time.Advance(TimeSpan.FromDays(3));
        Assert.True(shield.IsOn);
        await shield.SwitchAsync(on: false);
        Assert.False(shield.IsOn);
    }

    /// <summary>What the page's worker does, by brute force.</summary>
    internal static string Solve(string challenge, int difficulty) =>
        Enumerable.Range(0, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)).First(n => RaidShield.Solves(challenge, n, difficulty));
}

/// <summary>The shield in the real join form, without script: the form says how long to wait, and keeps its challenge.</summary>
public sealed class RaidShieldJoinTests
{
    [Fact]
    public async Task A_join_without_script_is_told_to_wait_and_goes_through_once_the_wait_is_over()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:RaidShield:NoScriptWaitSeconds"] = "1", ["Whisper:RaidShield:Difficulty"] = "4" } };
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        await admin.SubmitAsync("/admin", "/admin/shield", new() { ["on"] = "true" });
        using var newcomer = app.NewVisitor();
        var page = await newcomer.OpenRoomAsync();
        Assert.Contains("wait 1 seconds", page.QuerySelector("form.join noscript")!.TextContent, StringComparison.Ordinal);
        var challenge = page.QuerySelector("input[name=challenge]")!.GetAttribute("value");

        using var early = await newcomer.SubmitAsync(page, "/identity", new() { ["accept"] = "true" });
        var again = await Html.ParseAsync(early);
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        Assert.StartsWith("The raid shield is on: without JavaScript, joining waits 1 seconds.", again.QuerySelector("#join-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(challenge, again.QuerySelector("input[name=challenge]")!.GetAttribute("value"));

        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var joined = await newcomer.SubmitAsync(again, "/identity", new() { ["accept"] = "true" });
            return joined.StatusCode == HttpStatusCode.SeeOther;
        }));
        using var replay = app.NewVisitor();
        using var replayed = await replay.SubmitAsync(await replay.OpenRoomAsync(), "/identity", new() { ["accept"] = "true", ["challenge"] = challenge! });
        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
        Assert.Contains("On", (await admin.GetAsync("/admin")).Page.QuerySelector(".shield-state strong")!.TextContent, StringComparison.Ordinal);
    }
}
