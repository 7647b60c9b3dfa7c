using System.Net;
using Whisper.Web.Moderation;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>
/// Accounts on two nodes sharing one database: invited on one, used on the other, disabled everywhere at once; and what
/// moderation keeps in memory, held over both: used shield solutions, wrong passwords, timed mutes.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class TeamAcrossNodesTests
{
    [ClusterFact]
    public async Task An_account_disabled_on_one_node_loses_its_session_on_the_other()
    {
        await using var cluster = new TestCluster();
        var (admin, name, onA, onB) = await AdminAndModeratorAsync(cluster);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/reports")).Status);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/admin/reports")).Status);

        using var disabled = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/disable", []);

        Assert.Equal(HttpStatusCode.SeeOther, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await onB.GetAsync("/admin/reports")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await onA.GetAsync("/admin/reports")).Status);
        admin.Dispose();
        onA.Dispose();
        onB.Dispose();
    }

    [ClusterFact]
    public async Task Rooms_taken_from_a_moderator_on_one_node_are_closed_to_their_session_on_the_other()
    {
        await using var cluster = new TestCluster();
        var (admin, name, onA, onB) = await AdminAndModeratorAsync(cluster);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/chat/lobby")).Status);

        using var changed = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/role", new() { ["role"] = "Moderator", ["room"] = "tech" });

        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await onB.GetAsync("/admin/chat/lobby")).Status);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/chat/tech")).Status);
        admin.Dispose();
        onA.Dispose();
        onB.Dispose();
    }

    [ClusterFact]
    public async Task A_shield_solution_accepted_by_one_node_is_refused_by_the_other()
    {
        await using var cluster = new TestCluster(new Dictionary<string, string?> { ["Whisper:RaidShield:Difficulty"] = "4" });
        using var admin = cluster.A.NewVisitor();
        await admin.LogInAsAdminAsync();
        await admin.SubmitAsync("/admin", "/admin/shield", new() { ["on"] = "true" });
        using var first = cluster.A.NewVisitor();
        var page = await first.OpenRoomAsync();
        var challenge = page.QuerySelector("form.join input[name=challenge]")!.GetAttribute("value")!;
        var solution = RaidShieldTests.Solve(challenge, 4);

        using var joined = await first.SubmitAsync(page, "/identity", new() { ["accept"] = "true", ["challenge"] = challenge, ["solution"] = solution });
        using var replayer = cluster.B.NewVisitor();
        var other = await replayer.OpenRoomAsync();
        Assert.NotNull(other.QuerySelector("form.join input[name=challenge]"));
        using var replayed = await replayer.SubmitAsync(other, "/identity", new() { ["accept"] = "true", ["challenge"] = challenge, ["solution"] = solution });

        Assert.Equal(HttpStatusCode.SeeOther, joined.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
        Assert.Equal("This join form was used already. Reload the page and join again.", (await Html.ParseAsync(replayed)).QuerySelector("#join-error")!.TextContent);
    }

    [ClusterFact]
    public async Task Wrong_passwords_counted_on_one_node_hold_the_account_on_the_other()
    {
        await using var cluster = new TestCluster(new Dictionary<string, string?> { ["Whisper:RateLimits:LoginAttempts"] = "100", ["Whisper:Admin:FailedLoginsPerAccount"] = "3" });
        using var guesser = cluster.A.NewVisitor();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var wrong = await guesser.LogInAsAdminAsync($"guess {attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var owner = cluster.B.NewVisitor();
        using var held = await owner.LogInAsAdminAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Contains("Too many wrong passwords for this account", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [ClusterFact]
    public async Task A_filter_mute_made_on_one_node_mutes_the_name_on_the_other()
    {
        await using var cluster = new TestCluster();
        using var admin = cluster.A.NewVisitor();
        await admin.LogInAsAdminAsync();
        using var added = await admin.SubmitAsync("/admin/filters", "/admin/filters", new() { ["pattern"] = "spamword", ["action"] = "Mute", ["muteMinutes"] = "15", ["sentence"] = "", ["room"] = "" });
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        var (onA, onB) = cluster.NewPerson();
        var name = await onA.JoinAsync();
        Assert.False(cluster.B.Service<Sanctions>().IsMuted(name));

        // The filter list reaches node A's memory from its own save; the mute must travel to B.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var posted = await onA.PostMessageAsync("lobby", "buy spamword now", htmx: true);
            return cluster.A.Service<Sanctions>().IsMuted(name);
        }));

        Assert.True(await Eventually.HoldsAsync(() => cluster.B.Service<Sanctions>().IsMuted(name)));
        onA.Dispose();
        onB.Dispose();
    }

    /// <summary>The admin logged in on node A, and a moderator invited there who accepted on node B: one person on each node.</summary>
    private static async Task<(VisitorClient Admin, string Name, VisitorClient OnA, VisitorClient OnB)> AdminAndModeratorAsync(TestCluster cluster)
    {
        var name = "mod-" + Guid.NewGuid().ToString("n")[..8];
        var admin = cluster.A.NewVisitor();
        await admin.LogInAsAdminAsync();
        var link = await TeamTests.InviteAsync(cluster.A, admin, name);
        var (onA, onB) = cluster.NewPerson();
        await TeamTests.AcceptAsync(onB, link);
        return (admin, name, onA, onB);
    }
}
