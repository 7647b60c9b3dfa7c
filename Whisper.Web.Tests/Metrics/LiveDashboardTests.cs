using System.Net;
using AngleSharp.Dom;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Metrics;

/// <summary>The admin's home shows what is happening now, and asks for it again by itself.</summary>
public sealed class LiveDashboardTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task The_admin_home_shows_live_figures_that_its_poll_brings_up_to_date()
    {
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();
        var (_, home) = await admin.GetAsync("/admin");
        var live = home.QuerySelector("#live")!;
        Assert.Equal("/admin/live", live.GetAttribute("hx-get"));
        Assert.Contains("every", live.GetAttribute("hx-trigger"), StringComparison.Ordinal);
        Assert.Equal(["Online now", "Messages per minute", "Open streams", "Push queue", "Stranger queue"], live.QuerySelectorAll("dt").Select(dt => dt.TextContent));

        using var person = app.NewVisitor();
        await person.JoinAsync("tech");
        await using var stream = await person.OpenStreamAsync("tech");
        using var posted = await person.PostMessageAsync("tech", "hello dashboard", htmx: true);
        using var stranger = app.NewVisitor();
        var (_, session) = await stranger.StartTalkAsync();
        await using var talk = await stranger.OpenTalkAsync(session);

        // The room's people are counted on its next tick; the poll sees it then.
        IDocument? polled = null;
        Assert.True(await Eventually.HoldsAsync(async () => Figure(polled = await PollAsync(admin), "Online now") >= 1));
        Assert.Single(polled!.QuerySelectorAll("#live"));
        Assert.True(Figure(polled, "Messages per minute") >= 1);
        Assert.True(Figure(polled, "Open streams") >= 2);
        Assert.True(Figure(polled, "Stranger queue") >= 1);
        Assert.Equal(0, Figure(polled, "Push queue"));
        Assert.Null(polled.QuerySelector(".live__nodes"));
    }

    [Fact]
    public async Task The_live_figures_are_for_the_team_only()
    {
        using var visitor = app.NewVisitor();
        var (status, _) = await visitor.GetAsync("/admin/live");
        Assert.NotEqual(HttpStatusCode.OK, status);
    }

    /// <summary>What htmx asks for: the partial alone.</summary>
    private static async Task<IDocument> PollAsync(VisitorClient admin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/live");
        request.Headers.Add("HX-Request", "true");
        using var response = await admin.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    public static long Figure(IDocument page, string label) =>
        long.Parse(page.QuerySelectorAll(".live__figure").Single(f => f.QuerySelector("dt")!.TextContent == label).QuerySelector("dd")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);
}
