using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class YourDataTests(BrowserFixture browsers)
{
    [Fact]
    public async Task A_visitor_deletes_their_identity_and_their_message_turns_anonymous_on_another_page()
    {
        var (reader, leaver) = await browsers.ReaderAndPosterAsync("/chat/random");
        await using var _ = reader;
        await using var __ = leaver;
        var name = await leaver.Page.Locator(".me[data-me]").GetAttributeAsync("data-me");
        await leaver.WaitForLiveAsync();
        await leaver.SendAsync("Goodbye from someone leaving");
        await reader.ExpectMessageAsync("Goodbye from someone leaving");

        await leaver.Page.GetByRole(AriaRole.Link, new() { Name = "Your data" }).ClickAsync();
        await Assertions.Expect(leaver.Page.Locator(".facts__name")).ToContainTextAsync(name!);
        await leaver.ScreenshotAsync("me-desktop-light");
        Assert.Empty(await leaver.AccessibilityProblemsAsync());
        await leaver.Page.GetByLabel($"Yes, delete {name} for good").CheckAsync();
        await leaver.Page.GetByRole(AriaRole.Button, new() { Name = "Delete my identity" }).ClickAsync();

        await Assertions.Expect(leaver.Page.GetByRole(AriaRole.Heading, new() { Name = $"{name} is gone" })).ToBeVisibleAsync();
        var message = reader.MessageWith("Goodbye from someone leaving");
        await Assertions.Expect(message.Locator(".message__author")).ToHaveTextAsync("(deleted identity)");
        Assert.Equal(0, await reader.Messages.Locator($"[data-author='{name}']").CountAsync());
        await leaver.OpenAsync("/chat/random");
        await Assertions.Expect(leaver.Page.GetByRole(AriaRole.Button, new() { Name = "Join" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_name_moves_to_another_device_with_the_transfer_code()
    {
        await using var phone = await browsers.NewPersonAsync(width: 390, height: 844, colorScheme: "dark");
        await using var laptop = await browsers.NewPersonAsync();
        await phone.OpenAsync("/chat/tech");
        var name = await phone.JoinAsync();

        await phone.OpenAsync("/me");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Get a transfer code" }).ClickAsync();
        var code = (await phone.Page.Locator(".transfer__code").TextContentAsync())!.Trim();
        await Assertions.Expect(phone.Page.GetByRole(AriaRole.Img, new() { Name = "QR code of the transfer link" })).ToBeVisibleAsync();
        await phone.ScreenshotAsync("me-transfer-phone-dark");
        Assert.Empty(await phone.AccessibilityProblemsAsync());

        await laptop.OpenAsync("/me/receive");
        await laptop.Page.GetByLabel("Transfer code").FillAsync(code.ToLowerInvariant());
        await laptop.Page.GetByRole(AriaRole.Button, new() { Name = "Move the name here" }).ClickAsync();

        await Assertions.Expect(laptop.Page.Locator(".facts__name")).ToContainTextAsync(name);
        await laptop.OpenAsync("/chat/tech");
        await laptop.WaitForLiveAsync();
        await laptop.SendAsync("Hello from my laptop");
        await Assertions.Expect(laptop.MessageWith("Hello from my laptop").Locator(".message__author")).ToContainTextAsync(name);
    }

    [Fact]
    public async Task The_transparency_page_refreshes_its_counts_by_itself()
    {
        await using var watcher = await browsers.NewPersonAsync(colorScheme: "dark");
        await watcher.OpenAsync("/transparency");
        var stamp = watcher.Page.Locator("#figures time");
        var first = await stamp.GetAttributeAsync("datetime");

        await Assertions.Expect(stamp).Not.ToHaveAttributeAsync("datetime", first!, new() { Timeout = 12_000 });
        await watcher.ScreenshotAsync("transparency-desktop-dark");
        Assert.Empty(await watcher.AccessibilityProblemsAsync());
        Assert.Empty(await watcher.CspViolationsAsync());
    }
}
