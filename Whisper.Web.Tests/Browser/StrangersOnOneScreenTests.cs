using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>Once matched, the conversation owns the screen: on a laptop and on a phone, in every mode, light and dark.</summary>
[Collection(BrowserTests.Name)]
public sealed class StrangersOnOneScreenTests(BrowserFixture browsers)
{
    [Theory]
    [InlineData("Text", 1366, 900)]
    [InlineData("Voice", 1366, 900)]
    [InlineData("Video", 1366, 900)]
    [InlineData("Text", 390, 844)]
    [InlineData("Voice", 390, 844)]
    [InlineData("Video", 390, 844)]
    public async Task While_matched_the_state_the_composer_new_chat_report_and_the_videos_fit_the_screen(string mode, int width, int height)
    {
        var size = width > 800 ? "desktop" : "phone";
        var interest = $"screen{mode}{width}";
        await using var light = await browsers.NewPersonAsync(width: width, height: height);
        await using var dark = await browsers.NewPersonAsync(width: width, height: height, colorScheme: "dark");
        await light.StartTalkAsync(mode, interest);
        await light.ExpectTalkStateAsync("waiting");
        await light.ScreenshotAsync($"talk-{mode.ToLowerInvariant()}-waiting-{size}-light");
        await dark.StartTalkAsync(mode, interest);

        foreach (var person in new[] { light, dark })
        {
            await person.ExpectTalkStateAsync("matched");
            if (mode != "Text")
            {
                await Assertions.Expect(person.Page.Locator(".talk")).ToHaveAttributeAsync("data-call", "connected", new() { Timeout = 20_000 });
            }
        }

        await light.TalkComposer.FillAsync("Hello from the laptop, or the phone");
        await light.TalkComposer.PressAsync("Enter");
        await Assertions.Expect(dark.Page.Locator(".talk-line--theirs")).ToContainTextAsync("Hello from the laptop");
        foreach (var (person, scheme) in new[] { (light, "light"), (dark, "dark") })
        {
            await person.ExpectFitsWithoutScrollingAsync();
            await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Status).Filter(new() { Has = person.Page.Locator(".talk-status") }), "the state");
            await person.ExpectInViewportAsync(person.TalkComposer, "the composer");
            await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }), "Send");
            await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Button, new() { Name = "New chat" }), "New chat");
            await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Button, new() { Name = "Report" }), "Report");
            if (mode == "Video")
            {
                await person.ExpectInViewportAsync(person.Page.Locator("video[aria-label='The stranger']"), "the stranger's video");
                await person.ExpectInViewportAsync(person.Page.Locator("video[aria-label='You']"), "your own video");
                var widths = await person.Page.EvaluateAsync<double[]>(
                    "() => [document.querySelector('.talk__remote'), document.querySelector('.talk__local')].map(v => v.getBoundingClientRect().width)");
                var (stranger, self) = (widths[0], widths[1]);
                Assert.True(stranger > self * 2, $"the stranger's video ({stranger}px) should be much larger than your own ({self}px)");
            }

            await person.ScreenshotAsync($"talk-{mode.ToLowerInvariant()}-matched-{size}-{scheme}");
            Assert.Empty(await person.AccessibilityProblemsAsync());
            Assert.Empty(await person.CspViolationsAsync());
        }
    }

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task A_shared_interest_is_named_esc_twice_leaves_and_a_report_stays_in_view_while_the_next_match_starts(int width, int height)
    {
        var size = width > 800 ? "desktop" : "phone";
        var interest = $"chess{width}";
        await using var alice = await browsers.NewPersonAsync(width: width, height: height);
        await using var bob = await browsers.NewPersonAsync(width: width, height: height, colorScheme: "dark");
        await alice.StartTalkAsync("Text", interest);
        await bob.StartTalkAsync("Text", interest);
        await alice.ExpectTalkStateAsync("matched");
        await Assertions.Expect(alice.Page.GetByText($"You both like {interest}.")).ToBeVisibleAsync();

        // Bob's own page must know it is matched too: typing is only told to a partner, and an Esc while still
        // waiting starts a new chat at once.
        await bob.ExpectTalkStateAsync("matched");
        // Bob starts typing, then leaves with Esc: once asks for a second, the second leaves.
        await bob.TalkComposer.FillAsync("I was about to say");
        await Assertions.Expect(alice.Page.Locator("#talk-typing")).ToHaveTextAsync("Stranger is typing…");
        await bob.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(bob.Page.GetByText("Press Esc again to start a new chat.")).ToBeVisibleAsync();
        await bob.ExpectTalkStateAsync("matched");
        await bob.ScreenshotAsync($"talk-esc-confirm-{size}-dark");
        await bob.Page.Keyboard.PressAsync("Escape");

        await alice.ExpectTalkStateAsync("left");
        await Assertions.Expect(alice.Page.Locator("#talk-typing")).ToBeEmptyAsync();
        await alice.ExpectInViewportAsync(alice.Page.GetByText("Stranger left. Press New chat to meet someone else."), "Stranger left");
        await alice.ExpectInViewportAsync(alice.Page.GetByRole(AriaRole.Button, new() { Name = "New chat" }), "New chat");
        await alice.ScreenshotAsync($"talk-left-{size}-light");
        Assert.Empty(await alice.AccessibilityProblemsAsync());

        // Bob went on looking: Carol meets him. Alice goes on, meets Dave and reports him; the result stays in view
        // while she is matched again, with Erin. (Interests count for the first match only: they are not kept.)
        await using var carol = await browsers.NewPersonAsync();
        await carol.StartTalkAsync("Text", "");
        await carol.ExpectTalkStateAsync("matched");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();
        await alice.ExpectTalkStateAsync("waiting");
        await using var dave = await browsers.NewPersonAsync();
        await dave.StartTalkAsync("Text", "");
        await alice.ExpectTalkStateAsync("matched");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
        var dialog = alice.Page.GetByRole(AriaRole.Dialog, new() { Name = "Report this stranger" });
        await alice.ExpectInViewportAsync(dialog.GetByRole(AriaRole.Button, new() { Name = "Report and move on" }), "the report button");
        await alice.ScreenshotAsync($"talk-report-{size}-light");
        Assert.Empty(await alice.AccessibilityProblemsAsync());
        await dialog.GetByLabel("Seems to be a minor (under 18)").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Report and move on" }).ClickAsync();

        var reported = alice.Page.GetByText("Thanks, reported");
        await alice.ExpectInViewportAsync(reported, "the report's result");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await dave.ExpectTalkStateAsync("left");
        await using var erin = await browsers.NewPersonAsync();
        await erin.StartTalkAsync("Text", "");
        await alice.ExpectTalkStateAsync("matched");
        await alice.ExpectInViewportAsync(reported, "the report's result, once matched again");
        await alice.ScreenshotAsync($"talk-reported-{size}-light");
        Assert.Empty(alice.ConsoleErrors);
    }
}
