using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>Formatting: one person types the marks, the other sees bold, code, a quote and a code block, on a phone and a desktop.</summary>
[Collection(BrowserTests.Name)]
public sealed class FormattingTests(BrowserFixture browsers)
{
    [Theory]
    [MemberData(nameof(RoomLayoutTests.Screens), MemberType = typeof(RoomLayoutTests))]
    public async Task What_one_person_formats_the_other_sees_formatted(string scheme, int width, int height)
    {
        await using var writer = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height);
        await using var reader = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height);
        await reader.OpenAsync("/chat/tech");
        var readerName = await reader.JoinAsync();
        await reader.WaitForLiveAsync();
        await writer.OpenAsync("/chat/tech");
        await writer.JoinAsync();
        await writer.WaitForLiveAsync();

        // The reminder opens over the list: the composer and the list keep their places on the screen.
        var list = await ListBoxAsync(writer);
        await writer.Page.GetByTitle("Formatting").ClickAsync();
        var reminder = writer.Page.Locator(".composer__format-panel");
        await writer.ExpectInViewportAsync(reminder, "the formatting reminder");
        await writer.ExpectInViewportAsync(writer.Composer, "the composer");
        Assert.Equal(list, await ListBoxAsync(writer));
        await writer.ScreenshotAsync($"formatting-reminder-{Device(width)}-{scheme}");
        Assert.Empty(await writer.AccessibilityProblemsAsync());

        var tag = $"{width}x{height} {scheme}";
        var firstWords = string.Join(' ', readerName.Split(' ').Take(2));
        await writer.SendAsync($"> did **{firstWords}** deploy {tag}?\n\nYes, with `./deploy.sh --now` and ~~no~~ _some_ luck:\n```\nfor host in $(cat hosts.txt); do ssh \"$host\" 'sudo systemctl restart whisper && journalctl -u whisper --since \"1 minute ago\" --no-pager'; done\n```\nSee [the log](https://example.com/deploy-log).");

        var message = reader.Messages.Locator("article.message").Filter(new() { HasText = tag });
        var body = message.Locator(".message__body");
        await Assertions.Expect(body.Locator("blockquote strong")).ToHaveTextAsync(firstWords);
        // A typed quote must not pass for an answer's quote of a real message: no box, no background, no arrow.
        var typedQuote = body.Locator("blockquote");
        Assert.Equal("rgba(0, 0, 0, 0)", await typedQuote.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("none", await typedQuote.EvaluateAsync<string>("e => getComputedStyle(e, '::before').content"));
        await Assertions.Expect(body.Locator(":scope > code")).ToHaveTextAsync("./deploy.sh --now");
        await Assertions.Expect(body.Locator("del")).ToHaveTextAsync("no");
        await Assertions.Expect(body.Locator("em")).ToHaveTextAsync("some");
        await Assertions.Expect(body.Locator("pre > code")).ToContainTextAsync("for host in $(cat hosts.txt)");
        await Assertions.Expect(body.GetByRole(AriaRole.Link, new() { Name = "the log" })).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        // Bold does not hide a name from the mention check.
        await Assertions.Expect(message).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("message--mention"));
        // The long command scrolls inside its box; the page itself never scrolls sideways.
        var code = body.Locator("pre");
        Assert.True(await code.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the long line did not need to scroll");
        Assert.True(await reader.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways");
        await reader.ExpectInViewportAsync(code, "the code block");
        await reader.ExpectInViewportAsync(reader.Composer, "the composer");

        await reader.ScreenshotAsync($"formatting-message-{Device(width)}-{scheme}");
        var problems = await reader.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(await reader.CspViolationsAsync());
        Assert.True((await writer.CspViolationsAsync()).Count == 0, string.Join("\n", await writer.CspViolationsAsync()));
        // The writer's composer cleared: the page knew the post arrived although its words show without their marks.
        await Assertions.Expect(writer.Composer).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_stranger_sees_formatting_too_in_either_bubble_and_theme()
    {
        await using var alice = await browsers.NewPersonAsync(colorScheme: "light", width: 1366, height: 900);
        await using var bob = await browsers.NewPersonAsync(colorScheme: "dark", width: 390, height: 844);
        foreach (var person in new[] { alice, bob })
        {
            await person.StartTalkAsync("Text", "formatting");
        }

        foreach (var person in new[] { alice, bob })
        {
            await person.ExpectTalkStateAsync("matched");
        }

        await alice.TalkComposer.FillAsync("> what do you run?\n\n**this**, with `--fast` and:\n```\nwhile true; do make test && git push --force-with-lease origin HEAD:refs/heads/a-rather-long-branch-name; sleep 60; done\n```");
        await alice.TalkComposer.PressAsync("Enter");

        foreach (var (person, side) in new[] { (alice, "mine"), (bob, "theirs") })
        {
            var line = person.Page.Locator($".talk-line--{side}").Last;
            await Assertions.Expect(line.Locator("blockquote")).ToHaveTextAsync("what do you run?");
            await Assertions.Expect(line.Locator("strong")).ToHaveTextAsync("this");
            await Assertions.Expect(line.Locator("pre")).ToContainTextAsync("while true; do make test");
            Assert.True(await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways");
            await person.ExpectInViewportAsync(line.Locator("pre"), "the code block");
            var problems = await person.AccessibilityProblemsAsync();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        await alice.ScreenshotAsync("formatting-talk-desktop-light");
        await bob.ScreenshotAsync("formatting-talk-phone-dark");
    }

    private static async Task<(float X, float Y, float Width, float Height)> ListBoxAsync(ChatPage person) =>
        await person.Messages.BoundingBoxAsync() is { } box ? (box.X, box.Y, box.Width, box.Height) : throw new InvalidOperationException("the list is not shown");

    private static string Device(int width) => width < 600 ? "phone" : "desktop";
}
