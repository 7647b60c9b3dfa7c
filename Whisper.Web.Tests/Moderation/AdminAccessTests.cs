using System.Net;
using System.Text.RegularExpressions;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

public sealed partial class AdminAccessTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    public static TheoryData<string> AdminPages =>
        ["/admin", "/admin/reports", "/admin/bans", "/admin/stats", "/admin/audit", "/admin/chat/lobby", "/admin/chat/lobby/settings", "/admin/bans/new?name=Quiet%20Otter%2012345"];

    public static TheoryData<string> AdminActions =>
        ["/admin/chat/lobby/deletions", "/admin/announcements", "/admin/chat/lobby/unpin", "/admin/rooms", "/admin/chat/lobby/settings",
         "/admin/chat/random/delete", "/admin/bans", "/admin/bans/lift", "/admin/mutes/lift", "/admin/blocks/lift", "/admin/reports/1/dismiss"];

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Every_admin_page_sends_a_visitor_without_the_admin_cookie_to_the_login(string path)
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        using var response = await visitor.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminActions))]
    public async Task Every_admin_action_answers_401_without_the_admin_cookie_even_to_a_joined_visitor(string path)
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();
        var room = await visitor.OpenRoomAsync();

        using var response = await visitor.PostAsHtmxAsync(room, path, new() { ["seq"] = "1", ["name"] = "Quiet Otter 12345", ["text"] = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_copy_of_the_admin_cookie_taken_before_logout_gets_the_login_page_after_it()
    {
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        using var thief = app.NewVisitor(CopyOf(admin.Cookies));
        using var before = await thief.Client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var loggedOut = await admin.SubmitAsync("/admin", "/admin/logout", []);

        Assert.Equal(HttpStatusCode.SeeOther, loggedOut.StatusCode);
        using var after = await thief.Client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var page = await thief.OpenRoomAsync();
        using var announced = await thief.PostAsHtmxAsync(page, "/admin/announcements", new() { ["room"] = "lobby", ["text"] = "stolen session" });
        Assert.Equal(HttpStatusCode.Unauthorized, announced.StatusCode);
    }

    [Fact]
    public async Task Logging_out_everywhere_ends_every_admin_session()
    {
        using var laptop = app.NewVisitor();
        using var phone = app.NewVisitor();
        await laptop.LogInAsAdminAsync();
        await phone.LogInAsAdminAsync();

        using var everywhere = await laptop.SubmitAsync("/admin", "/admin/logout/everywhere", []);

        Assert.Equal(HttpStatusCode.SeeOther, everywhere.StatusCode);
        foreach (var device in new[] { laptop, phone })
        {
            using var response = await device.Client.GetAsync("/admin");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        using var back = await phone.LogInAsAdminAsync();
        Assert.Equal(HttpStatusCode.SeeOther, back.StatusCode);
        using var open = await phone.Client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    private static CookieContainer CopyOf(CookieContainer cookies)
    {
        var copy = new CookieContainer();
        copy.Add(cookies.GetAllCookies());
        return copy;
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_reason_and_the_right_one_opens_the_admin()
    {
        using var admin = app.NewVisitor();

        using var wrong = await admin.LogInAsAdminAsync("not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("That account name and password do not match, or the account is disabled.", (await Html.ParseAsync(wrong)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        using var right = await admin.LogInAsAdminAsync();
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        var cookie = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("whisper_admin=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/admin", cookie, StringComparison.Ordinal);

        var (status, page) = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Admin", page.QuerySelector("h1")!.TextContent);
        Assert.Contains(page.QuerySelectorAll("table a"), a => a.TextContent == "Lobby");
    }

    [Fact]
    public async Task Logging_out_closes_the_admin()
    {
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();

        using var loggedOut = await admin.SubmitAsync("/admin", "/admin/logout", []);

        Assert.Equal(HttpStatusCode.SeeOther, loggedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin")).Status);
    }

    [Fact]
    public async Task Login_attempts_are_limited_per_address_with_a_clear_message()
    {
        await using var limited = new WhisperApp { Settings = { ["Whisper:RateLimits:LoginAttempts"] = "3" } };
        using var guesser = limited.NewVisitor();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var wrong = await guesser.LogInAsAdminAsync($"guess {attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var refused = await guesser.LogInAsAdminAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("try again in", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_configured_password_the_printed_setup_link_sets_one_exactly_once()
    {
        await using var fresh = new WhisperApp { Settings = { ["Whisper:Admin:PasswordHash"] = "" } };
        using var operatorClient = fresh.NewVisitor();
        // The block the console shows at start (a real start's console is read by StartBannerTests).
        var link = SetupLink().Match(fresh.Service<Whisper.Web.Site.StartBanner>().Describe());
        var token = link.Groups["token"].Value;
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/admin/setup?token=wrong")).Status);

        var setupPath = "/admin/setup?token=" + token;
        using var weak = await operatorClient.SubmitAsync(setupPath, "/admin/setup", new() { ["password"] = "short", ["confirmation"] = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        using var set = await operatorClient.SubmitAsync(setupPath, "/admin/setup", new() { ["password"] = "a long admin password", ["confirmation"] = "a long admin password" });
        Assert.Equal(HttpStatusCode.SeeOther, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/admin")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync(setupPath)).Status);
        using var someoneElse = fresh.NewVisitor();
        Assert.Equal(HttpStatusCode.SeeOther, (await someoneElse.LogInAsAdminAsync("a long admin password")).StatusCode);
        var (_, audit) = await operatorClient.GetAsync("/admin/audit");
        Assert.Contains(audit.QuerySelectorAll("td"), td => td.TextContent == "Set the admin password");
    }

    [GeneratedRegex(@"/admin/setup\?token=(?<token>[A-Za-z0-9_\-]+)")]
    private static partial Regex SetupLink();
}
