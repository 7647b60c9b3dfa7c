using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class StrangersTests(BrowserFixture browsers)
{
    [Fact]
    public async Task Two_strangers_are_matched_talk_by_text_and_skipping_tells_the_other()
    {
        await using var alice = await browsers.NewPersonAsync();
        await using var bob = await browsers.NewPersonAsync(width: 390, height: 844, colorScheme: "dark");
        foreach (var person in new[] { alice, bob })
        {
            await person.OpenAsync("/talk");
            await person.Page.GetByLabel("I am 18 or older").CheckAsync();
            await person.Page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        }

        foreach (var person in new[] { alice, bob })
        {
            await Assertions.Expect(person.Page.Locator(".talk-status")).ToHaveAttributeAsync("data-state", "matched");
        }

        await alice.Page.GetByLabel("Message to the stranger").FillAsync("Hello, stranger from far away");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        var conversation = bob.Page.GetByRole(AriaRole.Log, new() { Name = "Conversation" });
        await Assertions.Expect(conversation.Locator(".talk-line--theirs")).ToContainTextAsync("Hello, stranger from far away");
        await bob.Page.GetByLabel("Message to the stranger").FillAsync("Hi! Greetings back");
        await bob.Page.GetByLabel("Message to the stranger").PressAsync("Enter");
        await Assertions.Expect(alice.Page.Locator(".talk-line--theirs")).ToContainTextAsync("Hi! Greetings back");
        Assert.Equal("", await alice.Page.GetByLabel("Message to the stranger").InputValueAsync());
        await bob.ScreenshotAsync("talk-phone-dark");
        Assert.Empty(await bob.AccessibilityProblemsAsync());

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "New chat" }).ClickAsync();

        await Assertions.Expect(alice.Page.Locator(".talk-status")).ToHaveAttributeAsync("data-state", "left");
        await Assertions.Expect(alice.Page.GetByText("Stranger left")).ToBeVisibleAsync();
        Assert.True(await alice.Page.GetByLabel("Message to the stranger").IsDisabledAsync());
        await alice.ScreenshotAsync("talk-desktop-light");
        Assert.Empty(await alice.CspViolationsAsync());
        Assert.Empty(alice.ConsoleErrors);
    }
}
