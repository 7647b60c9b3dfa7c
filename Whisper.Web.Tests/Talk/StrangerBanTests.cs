using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Talk;

public sealed class StrangerBanTests
{
    [Fact]
    public async Task The_admin_can_ban_a_reported_strangers_address_and_it_cannot_start_again()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:ForwardedHeaders:Enabled"] = "true" } };
        using var reporter = Behind(app.NewVisitor(), "198.51.100.10");
        using var troll = Behind(app.NewVisitor(), "198.51.100.66");
        using var admin = Behind(app.NewVisitor(), "198.51.100.99");
        var (page, session) = await reporter.StartTalkAsync();
        var (trollPage, trollSession) = await troll.StartTalkAsync();
        await using var stream = await reporter.OpenTalkAsync(session);
        await using var trollStream = await troll.OpenTalkAsync(trollSession);
        await stream.NextAsync("status");
        using var reported = await reporter.PostAsHtmxAsync(page, "/talk/report", new() { ["session"] = session, ["reason"] = "Spam or flooding" });
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);

        await admin.LogInAsAdminAsync();
        var queue = (await admin.GetAsync("/admin/reports")).Page;
        var action = queue.QuerySelectorAll("form").Single(f => f.GetAttribute("action")!.EndsWith("/ban-address", StringComparison.Ordinal)).GetAttribute("action")!;
        using var banned = await admin.SubmitAsync(queue, action, []);

        Assert.Equal(HttpStatusCode.SeeOther, banned.StatusCode);
        using var again = await troll.PostAsHtmxAsync(trollPage, "/talk/queue", new() { ["adult"] = "true", ["mode"] = "text" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("banned", (await Html.ParseAsync(again)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        using var innocent = await reporter.PostAsHtmxAsync(page, "/talk/queue", new() { ["adult"] = "true", ["mode"] = "text" });
        Assert.Equal(HttpStatusCode.OK, innocent.StatusCode);
        Assert.Contains((await admin.GetAsync("/admin/audit")).Page.QuerySelectorAll("td"), td => td.TextContent.StartsWith("Banned a reported stranger", StringComparison.Ordinal));
    }

    private static VisitorClient Behind(VisitorClient visitor, string address)
    {
        visitor.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return visitor;
    }
}
