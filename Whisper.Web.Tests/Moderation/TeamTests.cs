using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>Several moderators: invitations, roles, per-account sessions, disabling, and the audit log naming who acted.</summary>
public sealed class TeamTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    private const string Password = "a moderator's long password";

    [Fact]
    public async Task An_invited_moderator_chooses_a_password_once_and_moderates_but_cannot_reach_accounts_rooms_or_settings()
    {
        var name = "mod-" + Guid.NewGuid().ToString("n")[..8];
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        var link = await InviteAsync(app, admin, name);
        using var moderator = app.NewVisitor();

        await AcceptAsync(moderator, link);

        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync(link)).Status);
        foreach (var path in new[] { "/admin", "/admin/reports", "/admin/bans", "/admin/chat/lobby" })
        {
            Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync(path)).Status);
        }

        foreach (var path in new[] { "/admin/accounts", "/admin/site", "/admin/audit", "/admin/chat/lobby/settings" })
        {
            using var refused = await moderator.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/admin/not-allowed", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var (status, notAllowed) = await moderator.GetAsync("/admin/not-allowed");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Not for this account", notAllowed.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain(notAllowed.QuerySelectorAll(".admin-nav a"), a => a.TextContent is "Accounts" or "Site");
        using var created = await moderator.PostAsHtmxAsync(await moderator.OpenRoomAsync(), "/admin/rooms", new() { ["name"] = "taken-over", ["title"] = "Taken over" });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        using var login = app.NewVisitor();
        Assert.Equal(HttpStatusCode.SeeOther, (await login.LogInAsAdminAsync(Password, name)).StatusCode);
    }

    [Fact]
    public async Task A_moderator_bans_for_up_to_30_days_and_the_audit_log_names_the_account()
    {
        var (admin, moderator, name) = await AdminAndModeratorAsync();
        using var troll = app.NewVisitor();
        var trollName = await troll.JoinAsync();
        var form = "/admin/bans/new?name=" + Uri.EscapeDataString(trollName);

        using var permanent = await moderator.SubmitAsync(form, "/admin/bans", new() { ["name"] = trollName, ["duration"] = "permanent", ["reason"] = "spam" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, permanent.StatusCode);
        Assert.Contains("Moderators can ban for up to 30 days; a permanent ban needs an admin.", (await Html.ParseAsync(permanent)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        using var month = await moderator.SubmitAsync(form, "/admin/bans", new() { ["name"] = trollName, ["duration"] = "30.00:00:00", ["reason"] = "spam" });
        Assert.Equal(HttpStatusCode.SeeOther, month.StatusCode);

        var (_, audit) = await admin.GetAsync("/admin/audit");
        var row = audit.QuerySelectorAll("tbody tr").First(r => r.TextContent.Contains(trollName, StringComparison.Ordinal));
        Assert.Equal(name, row.QuerySelectorAll("td")[1].TextContent);
        Assert.Contains(audit.QuerySelectorAll("tbody tr"), r => r.QuerySelectorAll("td")[1].TextContent == "admin" && r.TextContent.Contains("Invited a moderator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_moderator_given_one_room_cannot_moderate_another()
    {
        var name = "mod-" + Guid.NewGuid().ToString("n")[..8];
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        await admin.SubmitAsync("/admin", "/admin/rooms", new() { ["name"] = "quiet-" + name[4..], ["title"] = "Quiet" });
        using var moderator = app.NewVisitor();
        await AcceptAsync(moderator, await InviteAsync(app, admin, name, rooms: "quiet-" + name[4..]));

        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/admin/chat/quiet-" + name[4..])).Status);
        using var lobby = await moderator.Client.GetAsync("/admin/chat/lobby");
        Assert.StartsWith("/admin/not-allowed", lobby.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var home = (await moderator.GetAsync("/admin")).Page;
        Assert.DoesNotContain(home.QuerySelectorAll("table a"), a => a.TextContent == "Lobby");
        using var announced = await moderator.SubmitAsync("/admin/chat/quiet-" + name[4..], "/admin/announcements", new() { ["room"] = "lobby", ["text"] = "not my room" });
        Assert.Equal(HttpStatusCode.Forbidden, announced.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_at_once_and_refuses_its_login()
    {
        var (admin, moderator, name) = await AdminAndModeratorAsync();
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/admin")).Status);

        using var disabled = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/disable", []);

        Assert.Equal(HttpStatusCode.SeeOther, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.GetAsync("/admin")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await moderator.LogInAsAdminAsync(Password, name)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).Status);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("role")]
    public async Task Disabling_an_account_or_changing_its_rooms_ends_its_open_held_stream_and_a_reconnect_is_refused(string change)
    {
        var (admin, moderator, name) = await AdminAndModeratorAsync();
        await using var stream = await HeldStreamAsync(moderator);
        Assert.Equal("held", (await stream.NextAsync("held")).Event);

        using var changed = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/{change}", new() { ["role"] = "Moderator", ["room"] = "tech" });

        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);
        await stream.RestAsync();
        using var again = await moderator.Client.GetAsync("/admin/chat/lobby/held", HttpCompletionOption.ResponseHeadersRead);
        // The browser's reconnect is sent to the login (disabled) or the page saying the room is not this account's.
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith(change == "disable" ? "/admin/login" : "/admin/not-allowed", again.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_held_list_shows_the_latest_twenty_and_sends_the_rest_to_the_held_page()
    {
        var held = app.Service<Whisper.Web.Moderation.HeldMessages>();
        var room = "held-" + Guid.NewGuid().ToString("n")[..8];
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        await admin.SubmitAsync("/admin", "/admin/rooms", new() { ["name"] = room, ["title"] = "Flooded" });
        for (var message = 1; message <= 23; message++)
        {
            await held.HoldAsync(room, "Loud Goose 12345", $"flood {message}", null, DateTimeOffset.UtcNow);
        }

        await using var stream = await HeldStreamAsync(admin, room);
        var list = await Html.ParseAsync((await stream.NextAsync("held")).Data);

        Assert.Equal("Held for review (23)", list.QuerySelector(".held-list__title")!.TextContent);
        Assert.Equal(20, list.QuerySelectorAll(".held-list > li").Length);
        Assert.Contains("flood 23", list.QuerySelector(".held-list")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(list.QuerySelectorAll(".held-list > li"), li => li.TextContent.Contains("flood 3", StringComparison.Ordinal));
        Assert.Equal("And 3 more on the Held page.", list.QuerySelector(".held-list__more")!.TextContent);
        Assert.Equal("/admin/held", list.QuerySelector(".held-list__more a")!.GetAttribute("href"));
        Assert.Equal(23, (await admin.GetAsync("/admin/held")).Page.QuerySelectorAll(".held-list > li").Count(li => li.TextContent.Contains("flood", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_held_message_of_another_room_is_never_taken_by_a_moderator_of_one_room()
    {
        var name = "mod-" + Guid.NewGuid().ToString("n")[..8];
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        using var moderator = app.NewVisitor();
        await AcceptAsync(moderator, await InviteAsync(app, admin, name, rooms: "tech"));
        var held = app.Service<Whisper.Web.Moderation.HeldMessages>();
        var message = await held.HoldAsync("lobby", "Loud Goose 12345", "held in the lobby", null, DateTimeOffset.UtcNow);

        using var refused = await moderator.SubmitAsync("/admin/held", "/admin/held/remove", new() { ["id"] = message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Null(await held.TakeAsync(message.Id, m => m.Room == "tech"));
        Assert.NotNull(held.Find(message.Id));
        Assert.Same(message, await held.TakeAsync(message.Id, m => m.Room == "lobby"));
    }

    [Fact]
    public async Task An_admin_changes_a_moderators_rooms_and_role_and_the_open_session_follows_at_once()
    {
        var (admin, moderator, name) = await AdminAndModeratorAsync();
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/admin/chat/lobby")).Status);
        Assert.NotEqual(HttpStatusCode.OK, (await moderator.GetAsync("/admin/accounts")).Status);

        using var narrowed = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/role", new() { ["role"] = "Moderator", ["room"] = "tech" });

        Assert.Equal(HttpStatusCode.SeeOther, narrowed.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await moderator.GetAsync("/admin/chat/lobby")).Status);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/admin/chat/tech")).Status);
        var row = (await admin.GetAsync("/admin/accounts")).Page.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("td")!.TextContent == name);
        Assert.Equal("tech", row.QuerySelectorAll("td")[2].TextContent);
        Assert.Equal("tech", row.QuerySelector(".account-change input[name=room]:checked")!.GetAttribute("value"));

        using var promoted = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/role", new() { ["role"] = "Admin" });

        Assert.Equal(HttpStatusCode.SeeOther, promoted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/admin/accounts")).Status);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/admin/chat/lobby")).Status);
        var audit = (await admin.GetAsync("/admin/audit")).Page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(audit, r => r.Contains("Made an account a moderator of tech", StringComparison.Ordinal) && r.Contains(name, StringComparison.Ordinal));
        Assert.Contains(audit, r => r.Contains("Made an account an admin of every room", StringComparison.Ordinal) && r.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_without_a_role_is_refused_with_a_sentence_and_the_first_admin_cannot_be_changed()
    {
        var (admin, _, name) = await AdminAndModeratorAsync();

        using var noRole = await admin.SubmitAsync("/admin/accounts", $"/admin/accounts/{name}/role", new() { ["role"] = "Owner" });
        using var first = await admin.Client.PostAsync($"/admin/accounts/{Whisper.Web.Moderation.Accounts.FirstAdmin}/role", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["role"] = "Moderator",
            ["__RequestVerificationToken"] = (await admin.GetAsync("/admin/accounts")).Page.QuerySelector($"form[action='/admin/accounts/{name}/role'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRole.StatusCode);
        Assert.Equal("Choose a role: admin or moderator.", (await Html.ParseAsync(noRole)).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
    }

    [Fact]
    public async Task Logging_out_everywhere_ends_only_the_sessions_of_that_account()
    {
        var (admin, moderator, name) = await AdminAndModeratorAsync();

        await moderator.SubmitAsync("/admin", "/admin/logout/everywhere", []);

        Assert.Equal(HttpStatusCode.Redirect, (await moderator.GetAsync("/admin")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).Status);
    }

    [Fact]
    public async Task Wrong_passwords_hold_one_account_from_any_address_while_others_still_log_in()
    {
        await using var limited = new WhisperApp { Settings = { ["Whisper:RateLimits:LoginAttempts"] = "100", ["Whisper:Admin:FailedLoginsPerAccount"] = "3" } };
        using var admin = limited.NewVisitor();
        await admin.LogInAsAdminAsync();
        using var moderator = limited.NewVisitor();
        var name = await InviteAndAcceptAsync(limited, admin, moderator);
        using var guesser = limited.NewVisitor();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.LogInAsAdminAsync($"guess {attempt}", name)).StatusCode);
        }

        using var held = await guesser.LogInAsAdminAsync(Password, name);

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Contains("Too many wrong passwords for this account", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await limited.NewVisitor().LogInAsAdminAsync()).StatusCode);
    }

    [Fact]
    public async Task An_invitation_is_refused_for_a_taken_or_malformed_name_and_keeps_what_was_typed()
    {
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();

        using var taken = await admin.SubmitAsync("/admin/accounts", "/admin/accounts", new() { ["name"] = "admin", ["role"] = "Moderator" });
        using var malformed = await admin.SubmitAsync("/admin/accounts", "/admin/accounts", new() { ["name"] = "Not A Name!", ["role"] = "Moderator" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, taken.StatusCode);
        Assert.Contains("There is already an account called “admin”.", (await Html.ParseAsync(taken)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        var page = await Html.ParseAsync(malformed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        Assert.Equal("Not A Name!", page.QuerySelector("input[name=name]")!.GetAttribute("value"));
    }

    /// <summary>The admin logged in, and a moderator of every room invited by them and logged in through the invitation.</summary>
    private async Task<(VisitorClient Admin, VisitorClient Moderator, string Name)> AdminAndModeratorAsync()
    {
        var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        var moderator = app.NewVisitor();
        return (admin, moderator, await InviteAndAcceptAsync(app, admin, moderator));
    }

    private static async Task<SseReader> HeldStreamAsync(VisitorClient moderator, string room = "lobby")
    {
        var response = await moderator.Client.GetAsync($"/admin/chat/{room}/held", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseReader(response);
    }

    /// <summary>Invites an account as the admin does and returns the one-time link's path.</summary>
    internal static async Task<string> InviteAsync(WhisperApp app, VisitorClient admin, string name, string role = "Moderator", string? rooms = null)
    {
        var fields = new Dictionary<string, string> { ["name"] = name, ["role"] = role };
        if (rooms is not null)
        {
            fields["room"] = rooms;
        }

        using var invited = await admin.SubmitAsync("/admin/accounts", "/admin/accounts", fields);
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var link = (await Html.ParseAsync(invited)).QuerySelector(".invitation__link")!.TextContent;
        return new Uri(link).PathAndQuery;
    }

    internal static async Task AcceptAsync(VisitorClient person, string link)
    {
        using var accepted = await person.SubmitAsync(link, "/admin/invitation", new() { ["password"] = Password, ["confirmation"] = Password });
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
    }

    /// <summary>Invites a new moderator of every room; <paramref name="moderator"/> accepts and is logged in.</summary>
    private static async Task<string> InviteAndAcceptAsync(WhisperApp app, VisitorClient admin, VisitorClient moderator)
    {
        var name = "mod-" + Guid.NewGuid().ToString("n")[..8];
        await AcceptAsync(moderator, await InviteAsync(app, admin, name));
        return name;
    }
}
