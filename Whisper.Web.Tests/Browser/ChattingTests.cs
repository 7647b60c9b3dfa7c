using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class ChattingTests(BrowserFixture browsers)
{
    [Fact]
    public async Task Two_people_join_and_see_each_others_messages_live()
    {
        await using var alice = await browsers.NewPersonAsync();
        await using var bob = await browsers.NewPersonAsync();
        await alice.OpenAsync("/chat/random");
        await bob.OpenAsync("/chat/random");
        var aliceName = await alice.JoinAsync();
        var bobName = await bob.JoinAsync();
        Assert.NotEqual(aliceName, bobName);
        await alice.WaitForLiveAsync();
        await bob.WaitForLiveAsync();

        await alice.SendAsync("Hello from Alice");
        await bob.ExpectMessageAsync("Hello from Alice");
        await bob.SendAsync("Hi Alice, Bob here");
        await alice.ExpectMessageAsync("Hi Alice, Bob here");

        // The composer cleared itself after sending.
        Assert.Equal("", await alice.Page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).InputValueAsync());
        // Each sees their own message picked out by page CSS, the other's not.
        var own = alice.Messages.Locator($".message[data-author='{aliceName}']").Last;
        var other = alice.Messages.Locator($".message[data-author='{bobName}']").Last;
        Assert.NotEqual("rgba(0, 0, 0, 0)", await own.EvaluateAsync<string>("e => getComputedStyle(e).borderLeftColor"));
        Assert.Equal("rgba(0, 0, 0, 0)", await other.EvaluateAsync<string>("e => getComputedStyle(e).borderLeftColor"));

        Assert.Empty(await alice.CspViolationsAsync());
        Assert.Empty(await bob.CspViolationsAsync());
        Assert.Empty(alice.ConsoleErrors);
        Assert.Empty(bob.ConsoleErrors);
    }

    [Fact]
    public async Task A_post_whose_answer_is_lost_stays_as_not_sent_and_sending_it_again_posts_it_once()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/random");
        await using var _ = reader;
        await using var __ = poster;
        await poster.WaitForLiveAsync();
        // The poster's connection is down: the stream cannot come back, and a post reaches the server but its
        // answer never reaches the page.
        await poster.Page.RouteAsync("**/chat/random/events**", route => route.AbortAsync());
        await poster.LoseStreamAsync();
        await poster.Page.RouteAsync("**/chat/random/messages", async route =>
        {
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        }, new() { Times = 1 });

        await poster.SendAsync("Answer lost on the way");

        await Assertions.Expect(poster.ComposerError).ToHaveTextAsync("Not sent: the connection dropped. Send again?");
        await Assertions.Expect(poster.Composer).ToHaveValueAsync("Answer lost on the way");
        await Assertions.Expect(poster.Page.Locator("#composer .composer__send")).ToHaveTextAsync("Send again");
        await poster.ScreenshotAsync("room-not-sent-desktop-light");
        await reader.ExpectMessageAsync("Answer lost on the way");
        var again = await poster.SendAgainAsync();
        Assert.Equal(200, again.Status);
        await Assertions.Expect(poster.Composer).ToHaveValueAsync("");
        await Assertions.Expect(poster.ComposerError).ToBeHiddenAsync();

        // The connection is back: the stream resumes, and the message shows once, here and for the reader.
        await poster.Page.UnrouteAsync("**/chat/random/events**");
        await poster.ComeBackAsync();
        await poster.ExpectMessageAsync("Answer lost on the way");
        await poster.WaitForLiveAsync();

        // With the stream live the lost answer does not matter: the message shows up and the composer clears itself.
        await poster.Page.RouteAsync("**/chat/random/messages", async route =>
        {
            await route.FetchAsync();
            await route.AbortAsync("connectionreset");
        }, new() { Times = 1 });
        await poster.SendAsync("Answer lost, message seen");
        await reader.ExpectMessageAsync("Answer lost, message seen");
        await Assertions.Expect(poster.Composer).ToHaveValueAsync("");
        await Assertions.Expect(poster.ComposerError).ToBeHiddenAsync();

        // The same words said again are a new message, not a resend of the one that arrived.
        await poster.SendAsync("Answer lost, message seen");
        await Assertions.Expect(reader.MessageWith("Answer lost, message seen")).ToHaveCountAsync(2);

        // A message after them arrives after any copy of them would have: no more than that.
        await poster.SendAsync("And the next one");
        await reader.ExpectMessageAsync("And the next one");
        await poster.ExpectMessageAsync("And the next one");
        Assert.Equal(1, await reader.MessageWith("Answer lost on the way").CountAsync());
        Assert.Equal(1, await poster.MessageWith("Answer lost on the way").CountAsync());
        Assert.Equal(2, await poster.MessageWith("Answer lost, message seen").CountAsync());
    }

    [Fact]
    public async Task What_is_typed_or_sent_while_the_last_message_is_on_its_way_is_not_lost()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/random");
        await using var _ = reader;
        await using var __ = poster;
        await poster.WaitForLiveAsync();
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        // The next post is held on its way until the test lets it go.
        await poster.Page.RouteAsync("**/chat/random/messages", async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        }, new() { Times = 3 });

        await poster.SendAsync("First, slow to arrive");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await poster.SendAsync("Second, sent while the first was on its way");
        release.SetResult();

        await reader.ExpectMessageAsync("First, slow to arrive");
        await reader.ExpectMessageAsync("Second, sent while the first was on its way");
        await Assertions.Expect(poster.Composer).ToHaveValueAsync("");

        // Typed but not sent while a post is on its way: still there once the answer came.
        held = new TaskCompletionSource();
        release = new TaskCompletionSource();
        await poster.SendAsync("Third");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await poster.Composer.FillAsync("A draft, not sent yet");
        release.SetResult();
        await reader.ExpectMessageAsync("Third");
        await Assertions.Expect(poster.Composer).ToHaveValueAsync("A draft, not sent yet");
        Assert.Equal(1, await reader.MessageWith("Second, sent while the first was on its way").CountAsync());
    }

    [Fact]
    public async Task A_poster_without_javascript_reaches_a_live_reader()
    {
        await using var reader = await browsers.NewPersonAsync();
        await using var poster = await browsers.NewPersonAsync(javaScript: false);
        await reader.OpenAsync("/chat/tech");
        await reader.WaitForLiveAsync();
        await poster.OpenAsync("/chat/tech");
        await poster.JoinAsync();

        for (var i = 1; i <= 6; i++)
        {
            await poster.SendAsync($"No-script padding {i}\nline two\nline three\nline four\nline five");
        }

        await poster.SendAsync("Posted with scripts off");

        // The plain form post came back (303) to the room, which shows the message...
        await poster.ExpectMessageAsync("Posted with scripts off");
        Assert.Matches("/chat/tech#m-tech-[0-9]+$", poster.Page.Url);
        // Without script nothing scrolls the list, so the redirect's fragment must bring the new message into view.
        Assert.True(await poster.Messages.EvaluateAsync<bool>("l => l.scrollHeight > l.clientHeight"), "the test needs a list taller than its box");
        await Assertions.Expect(poster.Messages.Locator(".message__body", new() { HasTextString = "Posted with scripts off" })).ToBeInViewportAsync();
        // ...and the reader saw it arrive live, without reloading.
        await reader.ExpectMessageAsync("Posted with scripts off");
        Assert.Empty(await reader.CspViolationsAsync());
    }

    [Fact]
    public async Task A_refused_message_shows_why_next_to_the_composer_and_keeps_the_text()
    {
        await using var person = await browsers.NewPersonAsync();
        await person.OpenAsync("/chat/tech");
        await person.JoinAsync();
        await person.WaitForLiveAsync();

        await person.SendAsync("   ");

        await Assertions.Expect(person.ComposerError).ToHaveTextAsync("Type a message first.");
        Assert.Equal("   ", await person.Page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).InputValueAsync());
    }

    [Fact]
    public async Task A_tab_coming_back_from_the_background_resumes_without_losing_messages()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/random");
        await using var readerTab = reader;
        await using var posterTab = poster;

        await reader.LoseStreamAsync();
        await poster.SendAsync("Sent while the tab slept");
        await poster.ExpectMessageAsync("Sent while the tab slept");
        await reader.ComeBackAsync();

        await reader.ExpectMessageAsync("Sent while the tab slept");
        Assert.Equal(1, await reader.Messages.Locator(".message__body", new() { HasTextString = "Sent while the tab slept" }).CountAsync());
    }

    [Fact]
    public async Task Messages_that_mention_the_reader_are_highlighted()
    {
        await using var reader = await browsers.NewPersonAsync();
        await using var poster = await browsers.NewPersonAsync();
        await reader.OpenAsync("/chat/lobby");
        var readerName = await reader.JoinAsync();
        await reader.WaitForLiveAsync();
        await poster.OpenAsync("/chat/lobby");
        await poster.JoinAsync();

        await poster.SendAsync($"hey @{readerName}, welcome");
        await poster.SendAsync("nobody in particular");

        await reader.ExpectMessageAsync("nobody in particular");
        await Assertions.Expect(reader.Messages.Locator(".message--mention")).ToHaveCountAsync(1);
        await Assertions.Expect(reader.Messages.Locator(".message--mention .message__body")).ToContainTextAsync("welcome");
    }

    [Fact]
    public async Task The_list_follows_new_messages_only_while_the_reader_is_at_the_bottom()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/tech", readerHeight: 700);
        await using var readerTab = reader;
        await using var posterTab = poster;

        for (var i = 1; i <= 8; i++)
        {
            await poster.SendAsync($"filler {i}\nsecond line\nthird line\nfourth line");
            await reader.ExpectMessageAsync($"filler {i}");
        }

        Assert.True(await reader.Messages.EvaluateAsync<bool>("l => l.scrollHeight > l.clientHeight"), "the test needs a list taller than its box");
        Assert.True(await reader.Messages.EvaluateAsync<bool>("l => l.scrollHeight - l.scrollTop - l.clientHeight < 8"), "the list did not follow while at the bottom");

        await reader.Messages.EvaluateAsync("l => { l.scrollTop = 0; }");
        await poster.SendAsync("arrives while reading history");
        await reader.ExpectMessageAsync("arrives while reading history");

        Assert.Equal(0, await reader.Messages.EvaluateAsync<int>("l => l.scrollTop"));

        // ...but is told, and one press takes them to the newest message.
        var jump = reader.Page.GetByRole(AriaRole.Button, new() { Name = "New messages below" });
        await Assertions.Expect(jump).ToBeVisibleAsync();
        await reader.ScreenshotAsync("room-new-messages-below");
        await jump.ClickAsync();
        await Assertions.Expect(jump).ToBeHiddenAsync();
        Assert.True(await reader.Messages.EvaluateAsync<bool>("l => l.scrollHeight - l.scrollTop - l.clientHeight < 8"));
    }

    [Fact]
    public async Task A_page_that_missed_messages_the_ring_no_longer_holds_reloads_its_list()
    {
        var (reader, poster) = await browsers.ReaderAndPosterAsync("/chat/random");
        await using var readerTab = reader;
        await using var posterTab = poster;

        // The page comes back holding an id older than anything the room still has (as after a long
        // sleep, or a server restart), and its stream is rebuilt from the attribute.
        await reader.LoseStreamAsync(resumeAfter: "1");
        await poster.SendAsync("Posted while the page was away");
        await poster.ExpectMessageAsync("Posted while the page was away");
        await reader.ComeBackAsync();

        await reader.ExpectMessageAsync("Posted while the page was away");
        await reader.WaitForLiveAsync();
        await poster.SendAsync("And the stream goes on");
        await reader.ExpectMessageAsync("And the stream goes on");
        Assert.Equal(1, await reader.Messages.Locator(".message__body", new() { HasTextString = "Posted while the page was away" }).CountAsync());
        Assert.DoesNotMatch("after=1$", await reader.Page.Locator(".room").GetAttributeAsync("sse-connect"));
    }
}
