using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Moderation;
using Whisper.Web.Storage;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>The raid shield with a fake clock: the proof of work, the wait without script, and switching on and off by itself.</summary>
public sealed class RaidShieldTests : IAsyncLifetime
{
    private const string Lobby = "lobby";
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly RaidShieldOptions options = new() { Difficulty = 8, NoScriptWaitSeconds = 15, ChallengeMinutes = 10, AutoJoinsPerMinute = 5, AutoRoomJoinsPerMinute = 3, QuietMinutes = 10 };
    private Database database = null!;
    private AuditLog audit = null!;
    private RaidShield shield = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabases.Create(dataPath);
        audit = new AuditLog(database, time, new Microsoft.AspNetCore.Http.HttpContextAccessor());
        shield = new RaidShield(database, new EphemeralDataProtectionProvider(), audit, SingleNode.Bus(), new UsedOnceInMemory(time), Options.Create(options), time,
            Support.Resources.For<Whisper.Web.Languages.AdminText>(), Support.Resources.For<Whisper.Web.Languages.Text>());
        await database.CreateSchemaAsync([audit, shield], CancellationToken.None);
    }

    public Task DisposeAsync() => TestDatabases.DeleteAsync(database, dataPath);

    [Fact]
    public async Task A_solved_challenge_is_accepted_once_and_a_wrong_solution_never()
    {
        await shield.SwitchAsync(null, on: true);
        var challenge = shield.Issue(new Microsoft.AspNetCore.Http.DefaultHttpContext()).Text;
        var solution = Solve(challenge, options.Difficulty);
        var wrong = Enumerable.Range(0, 1000).Select(n => n.ToString(CultureInfo.InvariantCulture)).First(n => !RaidShield.Solves(challenge, n, options.Difficulty));

        Assert.Equal("The raid shield's check failed. Reload the page and join again.", await shield.RefusalAsync(Lobby, challenge, wrong));
        Assert.Null(await shield.RefusalAsync(Lobby, challenge, solution));
        Assert.Equal("This join form was used already. Reload the page and join again.", await shield.RefusalAsync(Lobby, challenge, solution));
        Assert.NotNull(await shield.RefusalAsync(Lobby, challenge[..^2] + "xx", solution));
        Assert.NotNull(await shield.RefusalAsync(Lobby, null, null));
    }

    [Fact]
    public async Task Without_script_a_join_waits_the_stated_seconds_from_its_challenge_and_an_old_challenge_is_refused()
    {
        await shield.SwitchAsync(null, on: true);
        var challenge = shield.Issue(new Microsoft.AspNetCore.Http.DefaultHttpContext()).Text;
        var stale = shield.Issue(new Microsoft.AspNetCore.Http.DefaultHttpContext()).Text;

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("The raid shield is on: without JavaScript, joining waits 15 seconds. Press Join again in 5 seconds.", await shield.RefusalAsync(Lobby, challenge, ""));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await shield.RefusalAsync(Lobby, challenge, ""));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("The raid shield is on and this join form is too old. Reload the page and join again.", await shield.RefusalAsync(Lobby, stale, ""));
    }

    [Fact]
    public async Task The_site_shield_goes_on_by_itself_past_the_joins_per_minute_and_off_after_the_quiet_minutes_both_audited()
    {
        // One join per room, so no room passes its own threshold: only the site's count matters here.
        for (var join = 0; join < 5; join++)
        {
            await shield.CountJoinAsync("room" + join);
        }

        Assert.False(shield.IsOnFor(Lobby));
        Assert.Null(await shield.RefusalAsync(Lobby, null, null));
        await shield.CountJoinAsync("room5");
        Assert.True(shield.IsOnFor(Lobby));
        Assert.Equal(time.GetUtcNow(), shield.Overview.Site.AutomaticSince);
        Assert.NotNull(await shield.RefusalAsync(Lobby, null, null));

        time.Advance(TimeSpan.FromMinutes(9));
        await shield.SettleAsync();
        Assert.True(shield.IsOnFor(Lobby));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(shield.IsOnFor(Lobby));
        await shield.SettleAsync();
        await shield.SettleAsync();

        // Written as data (the action's key and its arguments), said in each reader's language on the audit page.
        var entries = (await audit.RecentAsync(10)).Where(e => e.Target == AuditLog.Key("Audit.WholeSite")).Select(e => (e.Action, string.Join(" ", e.Arguments!))).ToList();
        Assert.Equal([("Audit.ShieldWentOff", AuditLog.Seconds(TimeSpan.FromMinutes(10))), ("Audit.ShieldWentOn", "5")], entries);
    }

    [Fact]
    public async Task A_raided_room_is_shielded_by_itself_alone_and_unshielded_after_the_quiet_minutes()
    {
        for (var join = 0; join < 4; join++)
        {
            await shield.CountJoinAsync("raided");
        }

        Assert.True(shield.IsOnFor("raided"));
        Assert.False(shield.IsOnFor(Lobby));
        Assert.False(shield.Overview.Site.On);
        Assert.Equal(["raided"], shield.Overview.Rooms.Keys);
        Assert.Equal(time.GetUtcNow(), shield.Overview.Rooms["raided"].AutomaticSince);
        Assert.NotNull(await shield.RefusalAsync("raided", null, null));
        Assert.Null(await shield.RefusalAsync(Lobby, null, null));

        time.Advance(TimeSpan.FromMinutes(10));
        await shield.SettleAsync();

        Assert.False(shield.IsOnFor("raided"));
        Assert.Empty(shield.Overview.Rooms);
        var entries = (await audit.RecentAsync(10)).Where(e => e.Target == "raided").Select(e => (e.Action, string.Join(" ", e.Arguments!))).ToList();
        Assert.Equal([("Audit.ShieldWentOff", AuditLog.Seconds(TimeSpan.FromMinutes(10))), ("Audit.ShieldWentOn", "3")], entries);
    }

    [Fact]
    public async Task The_watch_writes_the_end_of_an_automatic_spell_when_it_happens_with_nobody_joining()
    {
        using var watch = new ShieldWatch(shield, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<ShieldWatch>.Instance);
        await watch.StartAsync(CancellationToken.None);
        for (var join = 0; join < 4; join++)
        {
            await shield.CountJoinAsync("raided");
        }

        time.Advance(TimeSpan.FromMinutes(10));

        // The watch's loop starts on its own thread: minutes go on passing until its timer has ticked once more.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            return (await audit.RecentAsync(10)).Any(e => e.Action == "Audit.ShieldWentOff" && e.Target == "raided");
        }));
        await watch.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Joins_spread_over_minutes_do_not_switch_it_on_and_by_hand_it_stays_on_until_switched_off()
    {
        for (var join = 0; join < 12; join++)
        {
            await shield.CountJoinAsync("room" + (join % 2));
            time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.False(shield.IsOnFor("room0"));
        Assert.False(shield.Overview.Site.On);
        await shield.SwitchAsync(null, on: true);
        time.Advance(TimeSpan.FromDays(3));
        Assert.True(shield.IsOnFor(Lobby));
        await shield.SwitchAsync(null, on: false);
        Assert.False(shield.IsOnFor(Lobby));
    }

    [Fact]
    public async Task A_room_switched_on_by_hand_asks_only_its_own_joins_until_switched_off()
    {
        await shield.SwitchAsync("quiet-corner", on: true);
        time.Advance(TimeSpan.FromDays(1));

        Assert.True(shield.IsOnFor("quiet-corner"));
        Assert.False(shield.IsOnFor(Lobby));
        Assert.NotNull(shield.Overview.Rooms["quiet-corner"].ByHandSince);
        await shield.SwitchAsync("quiet-corner", on: false);
        Assert.False(shield.IsOnFor("quiet-corner"));
        Assert.Contains(await audit.RecentAsync(10), e => e.Action == "Audit.ShieldOn" && e.Target == "quiet-corner");
    }

    /// <summary>What the page's worker does, by brute force.</summary>
    internal static string Solve(string challenge, int difficulty) =>
        Enumerable.Range(0, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)).First(n => RaidShield.Solves(challenge, n, difficulty));
}

/// <summary>The shield in the real join form, without script: the form says how long to wait, and keeps its challenge.</summary>
public sealed class RaidShieldJoinTests
{
    [Fact]
    public async Task Refused_join_attempts_do_not_count_towards_the_raid_shield_and_joins_do()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:RaidShield:AutoRoomJoinsPerMinute"] = "2", ["Whisper:RateLimits:JoinsPerHour"] = "100" } };
        var shield = app.Service<RaidShield>();
        using var hesitant = app.NewVisitor();
        var page = await hesitant.OpenRoomAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var refused = await hesitant.SubmitAsync(page, "/identity", new() { ["accept"] = "false", ["room"] = "lobby" });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        Assert.False(shield.IsOnFor("lobby"));
        for (var person = 0; person < 3; person++)
        {
            using var joiner = app.NewVisitor();
            await joiner.JoinAsync();
        }

        Assert.True(shield.IsOnFor("lobby"));
    }

    [Fact]
    public async Task A_join_without_script_is_told_to_wait_and_goes_through_once_the_wait_is_over()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:RaidShield:NoScriptWaitSeconds"] = "1", ["Whisper:RaidShield:Difficulty"] = "4" } };
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        await admin.SubmitAsync("/admin", "/admin/shield", new() { ["on"] = "true" });
        using var newcomer = app.NewVisitor();
        var page = await newcomer.OpenRoomAsync();
        Assert.Contains("wait 1 second after", page.QuerySelector("form.join noscript")!.TextContent, StringComparison.Ordinal);
        var challenge = page.QuerySelector("input[name=challenge]")!.GetAttribute("value");

        using var early = await newcomer.SubmitAsync(page, "/identity", new() { ["accept"] = "true" });
        var again = await Html.ParseAsync(early);
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        Assert.StartsWith("The raid shield is on: without JavaScript, joining waits a second.", again.QuerySelector("#join-error")!.TextContent, StringComparison.Ordinal);
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

    [Fact]
    public async Task A_room_shielded_by_hand_asks_for_work_in_that_room_only_and_the_admin_home_says_so()
    {
        await using var app = new WhisperApp();
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        using var switched = await admin.SubmitAsync("/admin", "/admin/shield", new() { ["on"] = "true", ["room"] = "tech" });
        Assert.Equal(HttpStatusCode.SeeOther, switched.StatusCode);
        using var newcomer = app.NewVisitor();

        var tech = await newcomer.OpenRoomAsync("tech");
        Assert.NotNull(tech.QuerySelector("form.join input[name=challenge]"));
        Assert.Null((await newcomer.OpenRoomAsync("lobby")).QuerySelector("form.join input[name=challenge]"));
        using var refused = await newcomer.SubmitAsync(tech, "/identity", new() { ["accept"] = "true", ["room"] = "tech" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await newcomer.JoinAsync("lobby");

        var home = (await admin.GetAsync("/admin")).Page;
        Assert.StartsWith("Off for the whole site", home.QuerySelector("#shield + .shield-state")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("On in tech", home.QuerySelector(".shield-rooms")!.TextContent, StringComparison.Ordinal);
        var row = home.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("/chat/tech", StringComparison.Ordinal));
        Assert.Contains("raid shield on", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Turn off this room's shield: Tech", row.QuerySelector("form.shield-switch button")!.TextContent.Trim());
        using var unknown = await admin.SubmitAsync("/admin", "/admin/shield", new() { ["on"] = "true", ["room"] = "no-such-room" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
