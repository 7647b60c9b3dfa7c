using Microsoft.Playwright;
using Whisper.Web.Tests.Files;

namespace Whisper.Web.Tests.Browser;

/// <summary>A photo shared in a room reaches the others as a small preview that takes its final place before it loads.</summary>
[Collection(BrowserTests.Name)]
public sealed class ImagePreviewsTests(BrowserFixture browsers)
{
    public static TheoryData<string, int, int, string?> Screens => new()
    {
        { "dark", 390, 844, null },
        { "light", 1366, 900, null },
        { "dark", 390, 844, "ar" },
        { "light", 1366, 900, "ja" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_photo_shared_by_one_person_appears_for_another_at_its_final_size_and_nothing_moves(string scheme, int width, int height, string? locale)
    {
        await using var reader = await browsers.NewPersonAsync(colorScheme: scheme, width: width, height: height, locale: locale);
        await using var sharer = await browsers.NewPersonAsync();
        // The preview is held back a little, so the test sees its box before the picture arrives.
        var release = new TaskCompletionSource();
        await reader.Page.RouteAsync("**/files/*/preview/*", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await reader.CountLayoutShiftsAsync();
        await reader.OpenAsync("/chat/random");
        await reader.WaitForLiveAsync();
        await sharer.OpenAsync("/chat/random");
        await sharer.JoinAsync();
        await sharer.WaitForLiveAsync();
        var caption = $"Harbour at dusk {width} {locale ?? scheme}";

        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = "harbour.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(1600, 1200, gps: true) });
        await sharer.Composer.FillAsync(caption);
        await sharer.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        // Found by its caption, not by the list's name: that is in the reader's language.
        var message = reader.Page.Locator("article.message", new() { HasText = caption });
        var preview = message.Locator("img.attachment__preview");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        Assert.False(await preview.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the preview loaded before the test let it");
        var before = await Box(preview);
        await reader.ResetLayoutShiftsAsync();
        release.SetResult();
        await Assertions.Expect(preview).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await preview.EvaluateAsync<bool>("img => img.naturalWidth === 480 && img.naturalHeight === 360"), "the preview is not the 480×360 copy");
        // Two animation frames: whatever the load changes is laid out and reported by then.
        await reader.Page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");

        var after = await Box(preview);
        // 15rem wide at most (less where the bubble is narrower), 4:3 like the photo, before and after it loads.
        Assert.InRange(before.Width, 200, 241);
        Assert.InRange(before.Height, (before.Width * 0.75) - 1.5, (before.Width * 0.75) + 1.5);
        Assert.Equal((before.Width, before.Height, before.X, before.Y), (after.Width, after.Height, after.X, after.Y));
        Assert.True(await reader.LayoutShiftAsync() == 0, await reader.Page.EvaluateAsync<string>("() => JSON.stringify(window.__shifts)"));
        await reader.ExpectInViewportAsync(preview, "the preview");
        // The original is one click away: the preview is its link.
        Assert.Matches("^/files/[0-9a-f]{32}/harbour.jpg$", await message.Locator("a:has(img.attachment__preview)").GetAttributeAsync("href") ?? "");

        var device = width < 600 ? "phone" : "desktop";
        await reader.ScreenshotAsync($"room-image-preview-{device}-{scheme}{(locale is null ? "" : "-" + locale)}");
        var problems = await reader.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(await reader.CspViolationsAsync());
    }

    [Fact]
    public async Task A_portrait_photo_is_bounded_by_its_height_and_a_tiny_image_is_not_enlarged()
    {
        var (reader, sharer) = await browsers.ReaderAndPosterAsync("/chat/tech");
        await using var _ = reader;
        await using var __ = sharer;
        await sharer.WaitForLiveAsync();

        foreach (var (name, bytes) in new[] { ("portrait.jpg", TestImages.Jpeg(900, 1200)), ("dot.png", TestImages.Pixel) })
        {
            await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/jpeg", Buffer = bytes });
            await sharer.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
            await Assertions.Expect(reader.Messages.GetByRole(AriaRole.Img, new() { Name = name })).ToBeVisibleAsync();
        }

        var portrait = await Box(reader.Messages.GetByRole(AriaRole.Img, new() { Name = "portrait.jpg" }).Last);
        var dot = await Box(reader.Messages.GetByRole(AriaRole.Img, new() { Name = "dot.png" }).Last);
        // 15rem tall (its border included), 3:4; the 1×1 image is not blown up to the box's size.
        Assert.InRange(portrait.Height, 239.5, 240.5);
        Assert.InRange(portrait.Width, 178, 183);
        Assert.True(dot.Width <= 3 && dot.Height <= 3, $"the 1×1 image is shown {dot.Width}×{dot.Height}");
    }

    private static async Task<LocatorBoundingBoxResult> Box(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException($"{locator} is not shown");
}
