using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>The room in Arabic (right to left, a phone in the dark) and in Japanese (a desktop in the light).</summary>
[Collection(BrowserTests.Name)]
public sealed class RoomLanguagesTests(BrowserFixture browsers)
{
    public static TheoryData<string, string, int, int, string, string> Looks => new()
    {
        { "ar-EG", "dark", 390, 844, "رد", "إرسال" },
        { "ja-JP", "light", 1366, 900, "返信", "送信" },
    };

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task A_room_in_the_reader_s_language_mirrors_where_it_must_and_keeps_the_list_and_the_composer_on_screen(
        string locale, string scheme, int width, int height, string reply, string send)
    {
        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: locale);
        await person.OpenAsync("/chat/random");
        await person.Page.Locator(".join__consent input").CheckAsync();
        await person.Page.Locator(".join button[type=submit]").ClickAsync();
        await person.Page.Locator(".me[data-me]").WaitForAsync();
        await person.WaitForLiveAsync();

        var said = $"مرحبا — こんにちは — hello from {locale}";
        await person.Page.Locator("#composer-text").FillAsync(said);
        await person.Page.GetByRole(AriaRole.Button, new() { Name = send, Exact = true }).ClickAsync();
        var message = person.Page.Locator(".message").Filter(new() { HasText = said });
        await Assertions.Expect(message).ToBeVisibleAsync();

        var rightToLeft = locale.StartsWith("ar", StringComparison.Ordinal);
        await Assertions.Expect(person.Page.Locator("html")).ToHaveAttributeAsync("dir", rightToLeft ? "rtl" : "ltr");
        await Assertions.Expect(message.Locator(".message__actions button").First).ToHaveTextAsync(reply);
        await Assertions.Expect(message.Locator(".message__body")).ToHaveAttributeAsync("dir", "auto");

        // The main task on screen: the list, the text box and its Send button, with no page scrolling.
        await person.ExpectInViewportAsync(person.Page.Locator("#messages"), "the message list");
        await person.ExpectInViewportAsync(person.Page.Locator("#composer-text"), "the composer");
        await person.ExpectInViewportAsync(person.Page.GetByRole(AriaRole.Button, new() { Name = send, Exact = true }), "the send button");
        await person.ExpectFitsWithoutScrollingAsync();

        // Logical properties: Send sits after the text box in reading order, on its left in Arabic and its right in Japanese.
        var text = (await person.Page.Locator("#composer-text").BoundingBoxAsync())!;
        var button = (await person.Page.Locator(".composer__send").BoundingBoxAsync())!;
        Assert.True(rightToLeft ? button.X < text.X : button.X > text.X, $"Send is at x={button.X}, the text box at x={text.X}");

        await person.ScreenshotAsync($"room-{locale}-{width}-{scheme}");
        if (rightToLeft)
        {
            Assert.Empty(await person.AccessibilityProblemsAsync());
        }

        Assert.Empty(await person.CspViolationsAsync());
    }
}
