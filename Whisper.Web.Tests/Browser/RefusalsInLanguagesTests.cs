using Microsoft.Playwright;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

/// <summary>A refusal sent before any page code runs (the rate limiter's) reads in the visitor's language, on a page that fits.</summary>
[Collection(BrowserTests.Name)]
public sealed class RefusalsInLanguagesTests(BrowserFixture browsers)
{
    public static TheoryData<string, string, int, int, string> Looks => new()
    {
        { "ar-EG", "dark", 390, 844, "تمهّل: يمكنك المحاولة مجددًا بعد ساعة واحدة." },
        { "ja-JP", "light", 1366, 900, "短い間に操作が続きました。1時間後にもう一度お試しください。" },
    };

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task A_join_refused_by_the_rate_limit_says_how_long_to_wait_in_the_readers_language(string locale, string scheme, int width, int height, string expected)
    {
        // One join an hour for the whole address, and no raid shield: the second person to join is refused by the limit.
        await using var app = new WhisperApp { Settings = { ["Whisper:RateLimits:JoinsPerHour"] = "1", ["Whisper:RaidShield:AutoRoomJoinsPerMinute"] = "0" } };
        var server = app.StartOnLoopback();
        await using var first = await browsers.NewPersonAsync(server: server);
        await first.OpenAsync("/chat");
        await first.JoinAsync();

        await using var person = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, server: server, locale: locale);
        await person.OpenAsync("/chat");
        await person.Page.Locator("form.join input[name=accept]").CheckAsync();
        var refused = await person.Page.RunAndWaitForResponseAsync(
            () => person.Page.Locator("form.join button[type=submit]").ClickAsync(), response => response.Url.EndsWith("/identity", StringComparison.Ordinal));

        Assert.Equal(429, refused.Status);
        var sentence = person.Page.Locator(".error-page p").First;
        await Assertions.Expect(sentence).ToHaveTextAsync(expected);
        await person.ExpectInViewportAsync(sentence, "the refusal's sentence");
        await person.ExpectInViewportAsync(person.Page.Locator(".error-page a.button"), "the way back to the lobby");
        await person.ScreenshotAsync($"refused-join-{locale}-{width}-{scheme}");
        Assert.Empty(await person.AccessibilityProblemsAsync());
        Assert.Empty(await person.CspViolationsAsync());
    }
}
