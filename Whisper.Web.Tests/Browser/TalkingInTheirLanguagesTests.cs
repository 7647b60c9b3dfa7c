using Microsoft.Playwright;

namespace Whisper.Web.Tests.Browser;

/// <summary>
/// A video chat between an Arabic reader on a phone (dark) and a Japanese reader on a laptop (light): each page in its
/// own language, the Arabic one mirrored, both fitting the screen, axe clean in Arabic.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class TalkingInTheirLanguagesTests(BrowserFixture browsers)
{
    [Fact]
    public async Task An_Arabic_phone_and_a_Japanese_laptop_talk_by_video_each_in_its_language()
    {
        var interest = $"قهوة{Random.Shared.Next(100_000)}";
        await using var arabic = await browsers.NewPersonAsync(width: 390, height: 844, colorScheme: "dark", locale: "ar-EG");
        await using var japanese = await browsers.NewPersonAsync(width: 1366, height: 900, locale: "ja-JP");

        await arabic.OpenAsync("/talk");
        await Assertions.Expect(arabic.Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(arabic.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("تحدّث مع غريب");
        await arabic.ScreenshotAsync("talk-ar-start-phone-dark");
        Assert.Empty(await arabic.AccessibilityProblemsAsync());
        await arabic.Page.GetByLabel("فيديو", new() { Exact = true }).CheckAsync();
        await arabic.Page.GetByLabel("الاهتمامات").FillAsync(interest);
        await arabic.Page.GetByLabel("عمري 18 عامًا أو أكثر").CheckAsync();
        await arabic.Page.GetByRole(AriaRole.Button, new() { Name = "ابدأ" }).ClickAsync();
        await arabic.ExpectTalkStateAsync("waiting");
        await Assertions.Expect(arabic.Page.Locator(".talk-status")).ToHaveTextAsync("جارٍ البحث عن شخص تتحدث معه…");

        await japanese.OpenAsync("/talk");
        await japanese.ScreenshotAsync("talk-ja-start-desktop-light");
        await japanese.Page.GetByLabel("ビデオ", new() { Exact = true }).CheckAsync();
        await japanese.Page.GetByLabel("興味のあること").FillAsync(interest);
        await japanese.Page.GetByLabel("18 歳以上です").CheckAsync();
        await japanese.Page.GetByRole(AriaRole.Button, new() { Name = "始める" }).ClickAsync();

        foreach (var person in new[] { arabic, japanese })
        {
            await person.ExpectTalkStateAsync("matched");
            await Assertions.Expect(person.Page.Locator(".talk")).ToHaveAttributeAsync("data-call", "connected", new() { Timeout = 20_000 });
        }

        await Assertions.Expect(arabic.Page.Locator(".talk-status")).ToContainTextAsync($"أنت تتحدث الآن مع غريب (دردشة فيديو). كلاكما يحب: {interest}.");
        await Assertions.Expect(japanese.Page.Locator(".talk-status")).ToContainTextAsync($"二人とも「{interest}」が好きです。");
        await japanese.Page.GetByLabel("知らない人へのメッセージ").FillAsync("こんにちは、コーヒーは好きですか？");
        await japanese.Page.GetByLabel("知らない人へのメッセージ").PressAsync("Enter");
        await Assertions.Expect(arabic.Page.Locator(".talk-line--theirs")).ToContainTextAsync("こんにちは");
        await arabic.Page.GetByLabel("رسالة إلى الغريب").FillAsync("أهلًا! نعم، كثيرًا ☕");
        await arabic.Page.GetByLabel("رسالة إلى الغريب").PressAsync("Enter");
        await Assertions.Expect(japanese.Page.Locator(".talk-line--theirs")).ToContainTextAsync("أهلًا");
        await arabic.Page.GetByRole(AriaRole.Button, new() { Name = "كتم الصوت" }).ClickAsync();
        await Assertions.Expect(arabic.Page.GetByRole(AriaRole.Button, new() { Name = "إلغاء الكتم" })).ToHaveAttributeAsync("aria-pressed", "true");

        var arabicParts = new (ILocator Element, string What)[]
        {
            (arabic.Page.Locator(".talk-status"), "the state"),
            (arabic.Page.GetByRole(AriaRole.Button, new() { Name = "دردشة جديدة" }), "New chat"),
            (arabic.Page.GetByRole(AriaRole.Button, new() { Name = "إبلاغ" }), "Report"),
            (arabic.Page.Locator("video[aria-label='الغريب']"), "the stranger's video"),
            (arabic.Page.Locator("video[aria-label='أنت']"), "your own video"),
            (arabic.Page.GetByLabel("رسالة إلى الغريب"), "the composer"),
            (arabic.Page.GetByRole(AriaRole.Button, new() { Name = "إرسال", Exact = true }), "Send"),
        };
        var japaneseParts = new (ILocator Element, string What)[]
        {
            (japanese.Page.Locator(".talk-status"), "the state"),
            (japanese.Page.GetByRole(AriaRole.Button, new() { Name = "新しいチャット" }), "New chat"),
            (japanese.Page.GetByRole(AriaRole.Button, new() { Name = "通報" }), "Report"),
            (japanese.Page.Locator("video[aria-label='知らない人']"), "the stranger's video"),
            (japanese.Page.Locator("video[aria-label='あなた']"), "your own video"),
            (japanese.Page.GetByLabel("知らない人へのメッセージ"), "the composer"),
            (japanese.Page.GetByRole(AriaRole.Button, new() { Name = "送信", Exact = true }), "Send"),
        };
        foreach (var (person, parts) in new[] { (arabic, arabicParts), (japanese, japaneseParts) })
        {
            await person.ExpectFitsWithoutScrollingAsync();
            foreach (var (element, what) in parts)
            {
                await person.ExpectInViewportAsync(element, what);
            }
        }

        // Mirrored: the own preview sits in the stranger's video's bottom-left corner in Arabic (inline end), bottom-right in
        // Japanese; the partner's line starts on the right; the Japanese words in the Arabic page read left to right.
        Assert.True(await InlineEndCornerAsync(arabic.Page, rightToLeft: true), "the Arabic page's own video is not at the inline end (left)");
        Assert.True(await InlineEndCornerAsync(japanese.Page, rightToLeft: false), "the Japanese page's own video is not at the inline end (right)");
        Assert.Equal("ltr", await arabic.Page.Locator(".talk-line--theirs").EvaluateAsync<string>("line => getComputedStyle(line).direction"));
        Assert.Equal("rtl", await arabic.Page.Locator(".talk-line--mine").EvaluateAsync<string>("line => getComputedStyle(line).direction"));
        var (theirs, log) = (await arabic.Page.Locator(".talk-line--theirs").BoundingBoxAsync(), await arabic.Page.Locator("#talk-log").BoundingBoxAsync());
        Assert.True(theirs!.X + theirs.Width > log!.X + log.Width - 20, "in Arabic the partner's line should start on the right");

        await arabic.ScreenshotAsync("talk-ar-video-matched-phone-dark");
        await japanese.ScreenshotAsync("talk-ja-video-matched-desktop-light");
        Assert.Empty(await arabic.AccessibilityProblemsAsync());
        Assert.Empty(await japanese.AccessibilityProblemsAsync());
        Assert.Empty(await arabic.CspViolationsAsync());

        await japanese.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(japanese.Page.GetByText("もう一度 Esc を押すと新しいチャットを始めます。")).ToBeVisibleAsync();
        await japanese.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(arabic.Page.Locator(".talk-status")).ToHaveTextAsync("غادر الغريب. اضغط «دردشة جديدة» لتتعرف على شخص آخر.");
        await arabic.ScreenshotAsync("talk-ar-left-phone-dark");
        Assert.Empty(await arabic.AccessibilityProblemsAsync());
    }

    /// <summary>Whether the own preview sits at the stage's bottom inline-end corner: left in right-to-left, right otherwise.</summary>
    private static async Task<bool> InlineEndCornerAsync(IPage page, bool rightToLeft)
    {
        var boxes = await page.EvaluateAsync<double[]>(
            "() => [document.querySelector('.talk__stage'), document.querySelector('.talk__local')].flatMap(e => { const b = e.getBoundingClientRect(); return [b.left, b.right]; })");
        var (stageLeft, stageRight, localLeft, localRight) = (boxes[0], boxes[1], boxes[2], boxes[3]);
        return rightToLeft ? localLeft - stageLeft < 20 && stageRight - localRight > 40 : stageRight - localRight < 20 && localLeft - stageLeft > 40;
    }
}
