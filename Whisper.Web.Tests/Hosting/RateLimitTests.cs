using System.Net;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Hosting;

/// <summary>The limits as shipped: these apps keep the defaults the other tests raise.</summary>
public sealed class RateLimitTests
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Whisper:RateLimits:MessagesPerWindow"] = "5",
        ["Whisper:RateLimits:MessageBurst"] = "10",
        ["Whisper:RateLimits:PostsPerAddressPerMinute"] = "120",
        ["Whisper:RateLimits:JoinsPerHour"] = "10",
        ["Whisper:RateLimits:StreamsPerAddress"] = "20",
        ["Whisper:Messages:MaxRepeats"] = "3",
    };

    [Fact]
    public async Task Every_address_of_one_IPv6_64_shares_the_join_and_login_limits()
    {
        await using var app = new WhisperApp
        {
            Settings = new(Defaults)
            {
                ["Whisper:ForwardedHeaders:Enabled"] = "true",
                ["Whisper:RateLimits:LoginAttempts"] = "5",
            },
        };

        var joins = new List<HttpStatusCode>();
        var logins = new List<HttpStatusCode>();
        for (var i = 1; i <= 12; i++)
        {
            // A new address from the same /64 each time, as a client rotating its interface identifier would.
            using var visitor = app.NewVisitor();
            visitor.Client.DefaultRequestHeaders.Add("X-Forwarded-For", $"2001:db8:7:7:{i:x}::{i:x}");
            using var joined = await visitor.SubmitAsync(await visitor.OpenRoomAsync(), "/identity", new() { ["accept"] = "true", ["room"] = "lobby" });
            joins.Add(joined.StatusCode);
            using var login = await visitor.LogInAsAdminAsync("wrong password " + i);
            logins.Add(login.StatusCode);
        }

        Assert.Equal(10, joins.Count(s => s == HttpStatusCode.SeeOther));
        Assert.Equal(HttpStatusCode.TooManyRequests, joins[^1]);
        Assert.Equal(5, logins.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, logins[^1]);
        using var elsewhere = app.NewVisitor();
        elsewhere.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "2001:db8:7:8::1");
        using var other = await elsewhere.SubmitAsync(await elsewhere.OpenRoomAsync(), "/identity", new() { ["accept"] = "true", ["room"] = "lobby" });
        Assert.Equal(HttpStatusCode.SeeOther, other.StatusCode);
    }

    [Fact]
    public async Task Reactions_and_deletions_have_their_own_limit_so_reacting_never_uses_up_posting()
    {
        await using var app = new WhisperApp { Settings = new(Defaults) { ["Whisper:RateLimits:ChangesPerMinute"] = "3" } };
        using var person = app.NewVisitor();
        await person.JoinAsync();
        using var posted = await person.PostMessageAsync("lobby", "react to me", htmx: true);
        var page = await person.OpenRoomAsync();
        var messages = page.QuerySelectorAll(".message");
        var id = messages[messages.Length - 1].Id!;
        var sequence = id[(id.LastIndexOf('-') + 1)..];

        var reactions = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var reacted = await person.PostAsHtmxAsync(page, "/chat/lobby/reactions", new() { ["r"] = $"{sequence}:👍" });
            reactions.Add(reacted.StatusCode);
        }

        using var deleted = await person.PostAsHtmxAsync(page, "/chat/lobby/deletions", new() { ["seq"] = sequence });
        Assert.Equal(3, reactions.Count(s => s == HttpStatusCode.NoContent));
        Assert.Equal(HttpStatusCode.TooManyRequests, reactions[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, deleted.StatusCode);
        using var another = await person.PostMessageAsync("lobby", "still posting", htmx: true);
        Assert.Equal(HttpStatusCode.OK, another.StatusCode);
        Assert.Contains("react to me", (await person.OpenRoomAsync()).MessageBodies());
    }

    [Fact]
    public async Task A_repeat_disguised_by_invisible_characters_width_or_case_is_still_a_repeat()
    {
        await using var app = new WhisperApp { Settings = new(Defaults) };
        using var spammer = app.NewVisitor();
        await spammer.JoinAsync();

        var statuses = new List<HttpStatusCode>();
        foreach (var text in new[] { "buy now", "b\u200Buy now", "ＢＵＹ now", "buy \u2060 now" })
        {
            using var response = await spammer.PostMessageAsync("lobby", text, htmx: true);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity], statuses);
        Assert.Equal(3, (await spammer.OpenRoomAsync()).MessageBodies().Count(b => b == "buy now" || b == "ＢＵＹ now"));
    }

    [Fact]
    public async Task A_resend_the_repeat_rule_would_refuse_is_confirmed_as_the_message_already_posted()
    {
        await using var app = new WhisperApp { Settings = new(Defaults) };
        using var sender = app.NewVisitor();
        await sender.JoinAsync();
        var key = (await sender.OpenRoomAsync()).QuerySelector("#composer input[name=key]")!.GetAttribute("value")!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await sender.PostMessageAsync("lobby", "are you there?", htmx: true, sendKey: key);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Single((await sender.OpenRoomAsync()).MessageBodies(), b => b == "are you there?");
    }

    [Fact]
    public async Task A_flooding_name_gets_429_with_Retry_After_while_others_keep_chatting()
    {
        await using var app = new WhisperApp { Settings = new(Defaults) };
        using var flooder = app.NewVisitor();
        using var neighbour = app.NewVisitor();
        await flooder.JoinAsync();
        await neighbour.JoinAsync();
        var page = await flooder.OpenRoomAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 15; i++)
        {
            var response = await flooder.PostAsHtmxAsync(page, "/chat/lobby/messages", new() { ["text"] = $"flood {i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(refused!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.StartsWith("Slow down: you can try again in", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await neighbour.PostMessageAsync("lobby", "I can still talk")).StatusCode);
        Assert.Contains("I can still talk", (await neighbour.OpenRoomAsync()).MessageBodies());
    }

    [Fact]
    public async Task A_page_request_that_is_limited_gets_a_readable_page()
    {
        await using var app = new WhisperApp { Settings = new(Defaults) { ["Whisper:RateLimits:JoinsPerHour"] = "2" } };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var newcomer = app.NewVisitor();
            var page = await newcomer.OpenRoomAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/identity")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["accept"] = "true",
                    ["room"] = "lobby",
                    ["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                }),
            };
            request.Headers.Accept.ParseAdd("text/html");
            using var response = await newcomer.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                var shown = await Html.ParseAsync(response);
                Assert.Equal("Slow down", shown.QuerySelector("h1")!.TextContent);
                Assert.Contains("try again in", shown.QuerySelector(".error-page p")!.TextContent, StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.SeeOther, HttpStatusCode.SeeOther, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task One_address_can_hold_only_so_many_streams_open()
    {
        await using var app = new WhisperApp { Settings = new(Defaults) { ["Whisper:RateLimits:StreamsPerAddress"] = "2" } };
        using var reader = app.NewVisitor();
        await using var first = await reader.OpenStreamAsync("lobby");
        await using var second = await reader.OpenStreamAsync("lobby");

        using var third = await reader.Client.GetAsync("/chat/lobby/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        await first.DisposeAsync();
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var again = await reader.Client.GetAsync("/chat/lobby/events", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }));
    }

    [Fact]
    public async Task The_same_text_over_and_over_is_refused_as_spam()
    {
        await using var app = new WhisperApp { Settings = new(Defaults) };
        using var spammer = app.NewVisitor();
        await spammer.JoinAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await spammer.PostMessageAsync("lobby", "BUY NOW", htmx: true);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                Assert.Contains("Say something new", (await Html.ParseAsync(response)).QuerySelector(".composer__error")!.TextContent, StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity], statuses);
        Assert.Equal(HttpStatusCode.OK, (await spammer.PostMessageAsync("lobby", "something else", htmx: true)).StatusCode);
    }

    [Fact]
    public async Task An_address_that_keeps_hitting_limits_is_blocked_and_the_admin_can_lift_it()
    {
        await using var app = new WhisperApp
        {
            Settings = new(Defaults)
            {
                ["Whisper:RateLimits:MessageBurst"] = "5",
                ["Whisper:RateLimits:OffenderThreshold"] = "3",
            },
        };
        using var flooder = app.NewVisitor();
        await flooder.JoinAsync();
        var page = await flooder.OpenRoomAsync();
        for (var i = 0; i < 8; i++)
        {
            using var _ = await flooder.PostAsHtmxAsync(page, "/chat/lobby/messages", new() { ["text"] = $"again {i}" });
        }

        using var blocked = await flooder.Client.GetAsync("/chat/lobby");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Contains("Too many refused requests came from your network", await blocked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The admin shares the address in this test: lift the block through the service the admin page uses.
        var offenders = app.Service<Whisper.Web.Hosting.RepeatOffenders>();
        var block = Assert.Single(offenders.Blocked);
        Assert.True(offenders.Lift(block.Key));
        Assert.Equal(HttpStatusCode.OK, (await flooder.GetAsync("/chat/lobby")).Status);
    }
}
