using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

public sealed class RoomPageTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task A_first_time_visitor_sees_the_welcome_with_consent_and_join_but_no_name_yet()
    {
        using var visitor = app.NewVisitor();

        var page = await visitor.OpenRoomAsync();

        var join = page.QuerySelector("form[action='/identity']");
        Assert.NotNull(join);
        Assert.Equal("post", join.GetAttribute("method"));
        Assert.NotNull(join.QuerySelector("input[type=checkbox][name=accept]"));
        Assert.Contains("13 or older", join.TextContent, StringComparison.Ordinal);
        Assert.NotNull(join.QuerySelector("a[href='/tos']"));
        Assert.Equal("Join", join.QuerySelector("button")!.TextContent.Trim());
        Assert.Null(page.QuerySelector(".me"));
        Assert.Null(page.QuerySelector("textarea[name=text]"));
    }

    [Fact]
    public async Task A_joined_visitor_counts_themselves_online_and_a_reader_who_has_not_joined_does_not()
    {
        await using var quiet = new WhisperApp();
        using var visitor = quiet.NewVisitor();

        Assert.Equal("0", (await visitor.OpenRoomAsync("tech")).QuerySelector(".presence__count")!.TextContent);
        await visitor.JoinAsync("tech");
        Assert.Equal("1", (await visitor.OpenRoomAsync("tech")).QuerySelector(".presence__count")!.TextContent);
    }

    [Fact]
    public async Task Fifteen_streams_without_a_name_and_three_tabs_of_one_name_are_one_person_online()
    {
        await using var quiet = new WhisperApp();
        var readers = new List<SseReader>();
        for (var i = 0; i < 15; i++)
        {
            readers.Add(await quiet.NewVisitor().OpenStreamAsync("tech"));
        }

        using var joined = quiet.NewVisitor();
        await joined.JoinAsync("tech");
        for (var i = 0; i < 3; i++)
        {
            readers.Add(await joined.OpenStreamAsync("tech"));
        }

        Assert.Equal("1", (await quiet.NewVisitor().OpenRoomAsync("tech")).QuerySelector(".presence__count")!.TextContent);
        Assert.Equal(1, quiet.Service<Whisper.Web.Rooms.RoomRegistry>().Find("tech")!.Presence.Count);
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task Joining_without_the_consent_box_explains_what_is_missing()
    {
        using var visitor = app.NewVisitor();

        using var response = await SubmitJoinFormAsync(visitor, new() { ["room"] = "lobby" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var answer = await Html.ParseAsync(response);
        Assert.Contains("confirm that you are old enough", answer.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("whisper_id", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Joining_sets_a_long_lived_httponly_lax_cookie_and_shows_the_name_in_the_header()
    {
        using var visitor = app.NewVisitor();

        using var response = await SubmitJoinFormAsync(visitor, new() { ["accept"] = "true", ["room"] = "random" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/chat/random#composer", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("whisper_id=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var expires = DateTimeOffset.Parse(cookie.Split(';').Single(p => p.Trim().StartsWith("expires=", StringComparison.Ordinal)).Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expires > DateTimeOffset.UtcNow.AddDays(300));

        var room = await visitor.OpenRoomAsync("random");
        var me = room.QuerySelector(".me")!;
        var name = me.GetAttribute("data-me")!;
        Assert.Matches(@"^[A-Z][a-z]+ [A-Z][a-z]+ \d{5}$", name);
        Assert.Equal(name, me.TextContent.Replace("You are", "", StringComparison.Ordinal).Trim());
        Assert.Equal($"/avatars/{Uri.EscapeDataString(name)}.svg", me.QuerySelector("img")!.GetAttribute("src"));
        Assert.NotNull(room.QuerySelector("textarea[name=text]"));
    }

    [Fact]
    public async Task Joining_again_keeps_the_same_name()
    {
        using var visitor = app.NewVisitor();
        var name = await visitor.JoinAsync();
        var page = await visitor.OpenRoomAsync();

        // A second Join (another tab, a double click) must not burn a new name.
        using var response = await visitor.PostAsHtmxAsync(page, "/identity", new() { ["accept"] = "true", ["room"] = "lobby" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(name, (await visitor.OpenRoomAsync()).QuerySelector(".me")!.GetAttribute("data-me"));
    }

    [Fact]
    public async Task Joining_is_never_a_get()
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync("/identity");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"GET /identity answered {response.StatusCode}");
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();

        using var response = await visitor.Client.PostAsync("/chat/lobby/messages",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = "forged" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("forged", (await visitor.OpenRoomAsync()).MessageBodies());
    }

    [Fact]
    public async Task Unknown_rooms_answer_404_with_a_friendly_page()
    {
        using var visitor = app.NewVisitor();

        using var response = await visitor.Client.GetAsync("/chat/no-such-room");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Nothing here", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("a[href='/chat']"));
    }

    [Fact]
    public async Task Each_configured_room_has_its_own_page_and_the_lobby_is_the_default()
    {
        using var visitor = app.NewVisitor();

        Assert.Equal("Lobby", (await visitor.OpenRoomAsync("lobby")).QuerySelector("h1.room__title")!.TextContent);
        Assert.Equal("Tech", (await visitor.OpenRoomAsync("tech")).QuerySelector("h1.room__title")!.TextContent);
        using var chat = await visitor.Client.GetAsync("/chat");
        Assert.Equal("Lobby", (await Html.ParseAsync(chat)).QuerySelector("h1.room__title")!.TextContent);
    }

    [Fact]
    public async Task Every_room_page_links_to_all_rooms_and_marks_the_current_one()
    {
        using var visitor = app.NewVisitor();

        var page = await visitor.OpenRoomAsync("tech");

        var links = page.QuerySelectorAll("nav[aria-label=Rooms] a");
        Assert.Equal(["Lobby", "Random", "Tech"], links.Select(a => a.TextContent.Trim()));
        Assert.Equal("/chat/tech", links.Single(a => a.GetAttribute("aria-current") == "page").GetAttribute("href"));
    }

    [Fact]
    public async Task Avatars_are_drawn_the_same_every_time_from_the_name()
    {
        using var visitor = app.NewVisitor();

        var first = await visitor.Client.GetStringAsync("/avatars/Quiet%20Otter%2048213.svg");
        var again = await visitor.Client.GetStringAsync("/avatars/Quiet%20Otter%2048213.svg");
        var other = await visitor.Client.GetStringAsync("/avatars/Brave%20Lynx%2010001.svg");
        using var bad = await visitor.Client.GetAsync("/avatars/%3Cscript%3E.svg");

        Assert.StartsWith("<svg", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
    }

    private static async Task<HttpResponseMessage> SubmitJoinFormAsync(VisitorClient visitor, Dictionary<string, string> fields)
    {
        var page = await visitor.OpenRoomAsync();
        fields["__RequestVerificationToken"] = page.QuerySelector("form[action='/identity'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await visitor.Client.PostAsync("/identity", new FormUrlEncodedContent(fields));
    }
}
