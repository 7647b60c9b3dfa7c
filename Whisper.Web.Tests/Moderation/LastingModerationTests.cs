using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>Moderation that outlives a request: across restarts, and an address ban (these apps are their own: one address for all).</summary>
public sealed class LastingModerationTests
{
    [Fact]
    public async Task Rooms_and_bans_survive_a_restart()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        try
        {
            string name;
            await using (var first = new WhisperApp { DataPath = dataPath })
            {
                using var admin = first.NewVisitor();
                using var troll = first.NewVisitor();
                await admin.LogInAsAdminAsync();
                name = await troll.JoinAsync();
                await admin.SubmitAsync("/admin", "/admin/rooms", new() { ["name"] = "night-owls", ["title"] = "Night owls" });
                await admin.SubmitAsync("/admin/bans/new?name=" + Uri.EscapeDataString(name), "/admin/bans", new() { ["duration"] = "permanent", ["reason"] = "spam" });
            }

            await using var second = new WhisperApp { DataPath = dataPath };
            using var visitor = second.NewVisitor();
            Assert.Equal("Night owls", (await visitor.OpenRoomAsync("night-owls")).QuerySelector("h1")!.TextContent);
            using var adminAgain = second.NewVisitor();
            await adminAgain.LogInAsAdminAsync();
            Assert.Contains((await adminAgain.GetAsync("/admin/bans")).Page.QuerySelectorAll("td"), td => td.TextContent == name);
        }
        finally
        {
            WhisperApp.TryDelete(dataPath);
        }
    }

    [Fact]
    public async Task A_fresh_name_from_the_address_of_a_banned_name_is_shadow_muted_for_the_rest_of_the_ban()
    {
        await using var app = new WhisperApp();
        using var admin = app.NewVisitor();
        using var troll = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        var name = await troll.JoinAsync();
        await troll.PostMessageAsync("lobby", "I will be back");

        var form = (await admin.GetAsync("/admin/bans/new?name=" + Uri.EscapeDataString(name))).Page;
        Assert.False(form.QuerySelector("input[name=alsoAddress]")!.HasAttribute("disabled"));
        await admin.SubmitAsync(form, "/admin/bans", new() { ["duration"] = "01:00:00", ["reason"] = "evading", ["alsoAddress"] = "true" });

        using var again = app.NewVisitor();
        var page = await again.OpenRoomAsync();
        Assert.Null(page.QuerySelector(".room__refusal"));
        var fresh = await again.JoinAsync();
        using var posted = await again.PostMessageAsync("lobby", "told you I would be back", htmx: true);

        Assert.NotEqual(name, fresh);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("told you I would be back", (await Html.ParseAsync(posted)).QuerySelector("[hx-swap-oob='beforeend:#messages'] .message__body")!.TextContent);
        Assert.DoesNotContain("told you I would be back", (await admin.GetAsync("/admin/chat/lobby")).Page.MessageBodies());
        Assert.True(app.Service<Whisper.Web.Moderation.Sanctions>().IsMuted(fresh));
        Assert.Contains("Reason: evading", (await troll.OpenRoomAsync()).QuerySelector(".room__refusal")!.TextContent, StringComparison.Ordinal);
    }
}
