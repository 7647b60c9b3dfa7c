using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

public sealed class ModerationTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task A_deleted_message_is_removed_from_every_open_stream_and_from_the_room()
    {
        using var poster = app.NewVisitor();
        using var reader = app.NewVisitor();
        using var admin = await AdminAsync();
        await poster.JoinAsync();
        await poster.PostMessageAsync("lobby", "delete me please");
        var page = await reader.OpenRoomAsync();
        var message = MessageWithText(page, "delete me please");
        var sequence = message.Id!.Split('-')[^1];
        await using var stream = await reader.OpenStreamAsync("lobby", page.LastSequence());

        var adminView = (await admin.GetAsync("/admin/chat/lobby")).Page;
        using var deleted = await admin.PostAsHtmxAsync(adminView, "/admin/chat/lobby/deletions", new() { ["seq"] = sequence });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var notice = await stream.NextAsync("notice");
        var removal = (await Html.ParseAsync(notice.Data)).QuerySelector("[hx-swap-oob=delete]")!;
        Assert.Equal(message.Id, removal.Id);
        Assert.DoesNotContain("delete me please", (await reader.OpenRoomAsync()).MessageBodies());

        // A page that was offline meanwhile gets the removal when it resumes.
        await using var resumed = await reader.OpenStreamAsync("lobby", page.LastSequence());
        Assert.Equal(notice.Id, (await resumed.NextAsync("notice")).Id);
        Assert.Contains(await AuditAsync(admin), e => e.Contains("Deleted a message", StringComparison.Ordinal) && e.Contains("#" + sequence, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_announcement_appears_live_and_a_pinned_one_stays_above_the_messages_until_removed()
    {
        using var reader = app.NewVisitor();
        using var admin = await AdminAsync();
        var page = await reader.OpenRoomAsync("random");
        await using var stream = await reader.OpenStreamAsync("random", page.LastSequence());

        using var announced = await admin.SubmitAsync("/admin/chat/random", "/admin/announcements",
            new() { ["text"] = "Be kind, everyone", ["pin"] = "true" });

        Assert.Equal(HttpStatusCode.SeeOther, announced.StatusCode);
        var live = await Html.ParseAsync((await stream.NextAsync("message")).Data);
        Assert.Equal("Be kind, everyone", live.QuerySelector("article.message--announcement .message__body")!.TextContent);
        var pinNotice = await Html.ParseAsync((await stream.NextAsync("notice")).Data);
        Assert.Equal("Be kind, everyone", pinNotice.QuerySelector("#pinned .pinned__body")!.TextContent.Trim());
        Assert.Equal("Be kind, everyone", (await reader.OpenRoomAsync("random")).QuerySelector("#pinned .pinned__body")!.TextContent.Trim());

        using var unpinned = await admin.SubmitAsync("/admin/chat/random/settings", "/admin/chat/random/unpin", []);

        Assert.Equal(HttpStatusCode.SeeOther, unpinned.StatusCode);
        Assert.True((await reader.OpenRoomAsync("random")).QuerySelector("#pinned")!.HasAttribute("hidden"));
        Assert.True((await Html.ParseAsync((await stream.NextAsync("notice")).Data)).QuerySelector("#pinned")!.HasAttribute("hidden"));
    }

    [Fact]
    public async Task An_announcement_to_all_rooms_reaches_each_of_them()
    {
        using var admin = await AdminAsync();

        using var announced = await admin.SubmitAsync("/admin", "/admin/announcements", new() { ["text"] = "Maintenance at noon" });

        Assert.Equal(HttpStatusCode.SeeOther, announced.StatusCode);
        using var reader = app.NewVisitor();
        foreach (var room in new[] { "lobby", "random", "tech" })
        {
            Assert.Contains("Maintenance at noon", (await reader.OpenRoomAsync(room)).MessageBodies());
        }
    }

    [Fact]
    public async Task A_banned_name_is_cut_off_live_cannot_post_or_stream_and_is_told_until_when()
    {
        using var troll = app.NewVisitor();
        using var admin = await AdminAsync();
        var name = await troll.JoinAsync("tech");
        var page = await troll.OpenRoomAsync("tech");
        await using var stream = await troll.OpenStreamAsync("tech", page.LastSequence());

        using var banned = await admin.SubmitAsync("/admin/bans/new?name=" + Uri.EscapeDataString(name), "/admin/bans",
            new() { ["duration"] = "1.00:00:00", ["reason"] = "flooding" });

        Assert.Equal(HttpStatusCode.SeeOther, banned.StatusCode);
        var farewell = await Html.ParseAsync((await stream.NextAsync("notice")).Data);
        Assert.Contains("You are banned from posting here until", farewell.QuerySelector("#composer")!.TextContent, StringComparison.Ordinal);
        using var post = await troll.PostMessageAsync("tech", "still here", htmx: true);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("Reason: flooding", (await Html.ParseAsync(post)).QuerySelector(".composer__error")!.TextContent, StringComparison.Ordinal);
        using var restream = await troll.Client.GetAsync("/chat/tech/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Forbidden, restream.StatusCode);
        var bannedPage = await troll.OpenRoomAsync("tech");
        Assert.Null(bannedPage.QuerySelector(".room")!.GetAttribute("sse-connect"));
        Assert.Contains("until", bannedPage.QuerySelector(".room__refusal")!.TextContent, StringComparison.Ordinal);

        using var lifted = await admin.SubmitAsync("/admin/bans", "/admin/bans/lift", new() { ["name"] = name });
        Assert.Equal(HttpStatusCode.SeeOther, (await troll.PostMessageAsync("tech", "sorry about that")).StatusCode);
        var audit = await AuditAsync(admin);
        Assert.Contains(audit, e => e.Contains("Banned a name", StringComparison.Ordinal) && e.Contains(name, StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Contains("Lifted a ban", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reported_message_waits_in_the_queue_with_its_text_until_dismissed()
    {
        using var poster = app.NewVisitor();
        using var reporter = app.NewVisitor();
        using var admin = await AdminAsync();
        var name = await poster.JoinAsync();
        await poster.PostMessageAsync("lobby", "something nasty");
        var sequence = MessageWithText(await reporter.OpenRoomAsync(), "something nasty").Id!.Split('-')[^1];

        var (status, reportPage) = await reporter.GetAsync($"/chat/lobby/reports/new?seq={sequence}");
        Assert.Equal(HttpStatusCode.OK, status);
        using var unchosen = await reporter.SubmitAsync(reportPage, "/chat/lobby/reports", new() { ["seq"] = sequence });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unchosen.StatusCode);
        using var filed = await reporter.SubmitAsync(reportPage, "/chat/lobby/reports", new() { ["seq"] = sequence, ["reason"] = "Harassment or hate" });
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);

        var queue = (await admin.GetAsync("/admin/reports")).Page;
        var report = queue.QuerySelectorAll(".report").Single(r => r.TextContent.Contains(name, StringComparison.Ordinal));
        Assert.Contains("Harassment or hate", report.TextContent, StringComparison.Ordinal);
        Assert.Equal("something nasty", report.QuerySelector(".report__message")!.TextContent);
        var dismiss = report.QuerySelector("form")!.GetAttribute("action")!;

        using var dismissed = await admin.SubmitAsync(queue, dismiss, []);

        Assert.Equal(HttpStatusCode.SeeOther, dismissed.StatusCode);
        Assert.DoesNotContain((await admin.GetAsync("/admin/reports")).Page.QuerySelectorAll(".report"), r => r.TextContent.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rooms_are_created_renamed_closed_and_deleted_from_the_admin()
    {
        using var admin = await AdminAsync();
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        using var created = await admin.SubmitAsync("/admin", "/admin/rooms", new() { ["name"] = "book-club", ["title"] = "Book club", ["description"] = "What are you reading?" });
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        Assert.Contains((await visitor.OpenRoomAsync()).QuerySelectorAll(".room-nav__link"), a => a.TextContent == "Book club");
        using var duplicate = await admin.SubmitAsync("/admin", "/admin/rooms", new() { ["name"] = "book-club", ["title"] = "Again" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);

        using var closed = await admin.SubmitAsync("/admin/chat/book-club/settings", "/admin/chat/book-club/settings",
            new() { ["title"] = "Readers", ["description"] = "Closed for now", ["closed"] = "true", ["slowModeSeconds"] = "0", ["newNamesWaitMinutes"] = "0" });
        Assert.Equal(HttpStatusCode.SeeOther, closed.StatusCode);
        var page = await visitor.OpenRoomAsync("book-club");
        Assert.Equal("Readers", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("closed", page.QuerySelector(".room__refusal")!.TextContent, StringComparison.Ordinal);
        using var refused = await visitor.PostMessageAsync("book-club", "hello?", htmx: true);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var deleted = await admin.SubmitAsync("/admin/chat/book-club/settings", "/admin/chat/book-club/delete", []);
        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/chat/book-club")).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.SubmitAsync("/admin/chat/lobby/settings", "/admin/chat/lobby/settings",
            new() { ["title"] = "", ["slowModeSeconds"] = "0", ["newNamesWaitMinutes"] = "0" })).StatusCode);
    }

    [Fact]
    public async Task Slow_mode_new_names_wait_and_lockdown_hold_back_posts_with_a_reason()
    {
        using var admin = await AdminAsync();
        using var regular = app.NewVisitor();
        await admin.SubmitAsync("/admin", "/admin/rooms", new() { ["name"] = "raid", ["title"] = "Raid" });
        await regular.JoinAsync("raid");

        await SaveSettingsAsync(admin, "raid", slowModeSeconds: 60);
        Assert.Equal(HttpStatusCode.SeeOther, (await regular.PostMessageAsync("raid", "first")).StatusCode);
        using var tooSoon = await regular.PostMessageAsync("raid", "second", htmx: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.True(tooSoon.Headers.RetryAfter?.Delta > TimeSpan.FromSeconds(50));
        Assert.StartsWith("Slow mode is on", await tooSoon.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await SaveSettingsAsync(admin, "raid", lockdown: true);
        using var newcomer = app.NewVisitor();
        await newcomer.JoinAsync("raid");
        using var locked = await newcomer.PostMessageAsync("raid", "let me in", htmx: true);
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await regular.PostMessageAsync("raid", "older names still talk")).StatusCode);

        await SaveSettingsAsync(admin, "raid", newNamesWaitMinutes: 30);
        using var waiting = await newcomer.PostMessageAsync("raid", "now?", htmx: true);
        Assert.Equal(HttpStatusCode.Forbidden, waiting.StatusCode);
        Assert.Contains("30 minutes after joining", (await newcomer.OpenRoomAsync("raid")).QuerySelector(".room__refusal")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shadow_muted_name_sees_its_own_message_and_nobody_else_does()
    {
        using var admin = await AdminAsync();
        using var muted = app.NewVisitor();
        using var reader = app.NewVisitor();
        var name = await muted.JoinAsync("tech");
        await admin.SubmitAsync("/admin/bans/new?name=" + Uri.EscapeDataString(name), "/admin/bans", new() { ["muteInstead"] = "true" });
        var page = await reader.OpenRoomAsync("tech");
        await using var stream = await reader.OpenStreamAsync("tech", page.LastSequence());

        using var posted = await muted.PostMessageAsync("tech", "nobody hears me", htmx: true);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var echo = (await Html.ParseAsync(posted)).QuerySelector("[hx-swap-oob='beforeend:#messages'] .message__body")!;
        Assert.Equal("nobody hears me", echo.TextContent);
        Assert.DoesNotContain("nobody hears me", (await reader.OpenRoomAsync("tech")).MessageBodies());
        using var other = app.NewVisitor();
        await other.JoinAsync("tech");
        await other.PostMessageAsync("tech", "after the muted one");
        Assert.Equal("after the muted one", (await Html.ParseAsync((await stream.NextAsync("message")).Data)).QuerySelector(".message__body")!.TextContent);
    }

    [Fact]
    public async Task The_statistics_page_counts_messages_per_day_and_people_online()
    {
        using var admin = await AdminAsync();
        using var poster = app.NewVisitor();
        await poster.JoinAsync("tech");
        await poster.PostMessageAsync("tech", "counted");

        var (status, page) = await admin.GetAsync("/admin/stats");

        Assert.Equal(HttpStatusCode.OK, status);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.Children[0].TextContent == today);
        Assert.True(long.Parse(row.Children[1].TextContent, CultureInfo.InvariantCulture) >= 1);
        Assert.Contains(page.QuerySelectorAll(".admin-list li"), li => li.TextContent.StartsWith("Tech:", StringComparison.Ordinal));
    }

    private async Task<VisitorClient> AdminAsync()
    {
        var admin = app.NewVisitor();
        Assert.Equal(HttpStatusCode.SeeOther, (await admin.LogInAsAdminAsync()).StatusCode);
        return admin;
    }

    private static async Task SaveSettingsAsync(VisitorClient admin, string room, int slowModeSeconds = 0, int newNamesWaitMinutes = 0, bool lockdown = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["title"] = "Raid",
            ["slowModeSeconds"] = slowModeSeconds.ToString(CultureInfo.InvariantCulture),
            ["newNamesWaitMinutes"] = newNamesWaitMinutes.ToString(CultureInfo.InvariantCulture),
        };
        if (lockdown)
        {
            fields["lockdown"] = "true";
        }

        using var saved = await admin.SubmitAsync($"/admin/chat/{room}/settings", $"/admin/chat/{room}/settings", fields);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
    }

    private static async Task<IReadOnlyList<string>> AuditAsync(VisitorClient admin) =>
        (await admin.GetAsync("/admin/audit")).Page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();

    private static IElement MessageWithText(IDocument page, string text) =>
        page.QuerySelectorAll("article.message").Single(m => m.QuerySelector(".message__body")!.TextContent == text);

    private static long LastSequence(IDocument page) =>
        long.Parse(page.QuerySelector("#messages")!.GetAttribute("data-last-seq")!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Page_titles_with_a_name_in_them_say_the_name()
    {
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        var lobby = app.Service<Whisper.Web.Rooms.RoomRegistry>().Find("lobby")!.Settings.Title;

        var (_, settings) = await admin.GetAsync("/admin/chat/lobby/settings");
        var (_, moderated) = await admin.GetAsync("/admin/chat/lobby");

        Assert.Equal($"Settings of {lobby}", settings.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains(lobby, moderated.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("{0}", moderated.Title, StringComparison.Ordinal);
    }
}
