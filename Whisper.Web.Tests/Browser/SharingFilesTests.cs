using Microsoft.Playwright;
using Whisper.Web.Tests.Files;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class SharingFilesTests(BrowserFixture browsers)
{
    /// <summary>A real 1×1 PNG, so the preview must actually decode.</summary>
    internal static readonly byte[] Pixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task A_shared_image_appears_live_as_a_preview_and_downloads_intact()
    {
        var (reader, sharer) = await browsers.ReaderAndPosterAsync("/chat/random");
        await using var _ = reader;
        await using var __ = sharer;
        await sharer.WaitForLiveAsync();

        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = "sunset.png", MimeType = "image/png", Buffer = Pixel });
        await sharer.Page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("Sunset from my window");
        await sharer.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        var preview = reader.Messages.GetByRole(AriaRole.Img, new() { Name = "sunset.png" });
        await Assertions.Expect(preview).ToBeVisibleAsync();
        // Visible comes first (the box is sized before the bytes arrive); wait for the decoded pixel.
        await Assertions.Expect(preview).ToHaveJSPropertyAsync("naturalWidth", 1);
        await reader.ExpectMessageAsync("Sunset from my window");
        // The composer came back empty, ready for the next message.
        Assert.Equal(0, await sharer.Page.EvalOnSelectorAsync<int>(".composer__file", "input => input.files.length"));

        var download = await reader.Page.RunAndWaitForDownloadAsync(() =>
            reader.Messages.GetByRole(AriaRole.Link, new() { Name = "sunset.png", Exact = true }).ClickAsync());
        Assert.Equal("sunset.png", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"));
        await download.SaveAsAsync(saved);
        Assert.Equal(Pixel, await File.ReadAllBytesAsync(saved));
        File.Delete(saved);

        await reader.ScreenshotAsync("room-image-desktop-light");
        Assert.Empty(await reader.CspViolationsAsync());
        Assert.Empty(await sharer.CspViolationsAsync());
        var problems = await reader.AccessibilityProblemsAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_photo_the_server_cannot_clean_is_flagged_before_it_is_sent()
    {
        await using var sharer = await browsers.NewPersonAsync(width: 390, height: 844);
        await sharer.OpenAsync("/chat/lobby");
        await sharer.JoinAsync();
        var note = sharer.Page.Locator(".composer__file-note");
        await Assertions.Expect(note).ToBeHiddenAsync();

        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = "beach.HEIC", MimeType = "image/heic", Buffer = [0, 0, 0, 24] });
        await Assertions.Expect(note).ToHaveTextAsync("This kind of photo is shared as it is, with any location it holds. Convert it to JPEG to leave that out.");
        await Assertions.Expect(note).ToBeInViewportAsync();
        // Chromium cannot draw these bytes: no broken thumbnail in the chip.
        await Assertions.Expect(sharer.Page.Locator(".chip__thumb")).ToBeHiddenAsync();
        await sharer.ScreenshotAsync("room-heic-note-phone-light");
        await Assertions.Expect(sharer.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true })).ToBeInViewportAsync();

        // A JPEG is cleaned by the server: nothing to warn about. Removing the file takes the note away too.
        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = "beach.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(40, 30, gps: true) });
        await Assertions.Expect(note).ToBeHiddenAsync();
        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload { Name = "scan.tif", MimeType = "image/tiff", Buffer = [0x49, 0x49, 0x2a, 0] });
        await Assertions.Expect(note).ToBeVisibleAsync();
        await sharer.Page.Locator(".chip__remove").ClickAsync();
        await Assertions.Expect(note).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_file_over_the_limit_gets_a_readable_error_and_the_room_carries_on()
    {
        // A small limit, so a file just over it is small too: megabytes through the DevTools protocol are slow.
        await using var app = new WhisperApp { Settings = { ["Whisper:Files:MaxBytes"] = "65536" } };
        await using var sharer = await browsers.NewPersonAsync(width: 390, height: 844, colorScheme: "dark", server: app.StartOnLoopback());
        await sharer.OpenAsync("/chat/lobby");
        await sharer.JoinAsync();
        await sharer.WaitForLiveAsync();

        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(new FilePayload
        {
            Name = "just-too-big.bin",
            MimeType = "application/octet-stream",
            Buffer = new byte[65536 + 1],
        });
        await sharer.Page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Assertions.Expect(sharer.Page.Locator(".composer__file-error")).ToHaveTextAsync("Files can be at most 64 KB. Choose a smaller one.");
        await sharer.ScreenshotAsync("room-file-too-large-phone-dark");
        await sharer.Page.GetByLabel("Attach a file").SetInputFilesAsync(Array.Empty<FilePayload>());
        await sharer.SendAsync("Fine, just text then");
        await sharer.ExpectMessageAsync("Fine, just text then");
    }
}
