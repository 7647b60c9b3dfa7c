using System.Net;
using System.Text;
using System.Text.Json;
using SkiaSharp;
using Whisper.Web.Files;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Files;

public sealed class ImagePreviewSharingTests(ImagePreviewSharingTests.App app) : IClassFixture<ImagePreviewSharingTests.App>
{
    [Fact]
    public async Task A_shared_photo_shows_its_sized_preview_live_and_neither_it_nor_the_original_tells_where_it_was_taken()
    {
        using var sharer = app.NewVisitor();
        using var reader = app.NewVisitor();
        await sharer.JoinAsync("tech");
        var page = await reader.OpenRoomAsync("tech");
        await using var stream = await reader.OpenStreamAsync("tech", page.LastSequence());
        var photo = TestImages.Jpeg(1600, 1200, gps: true);

        using var uploaded = await sharer.UploadAsync("tech", photo, "beach.jpg", "the beach");

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var fragment = await Html.ParseAsync((await stream.NextAsync("message")).Data);
        var image = fragment.QuerySelector("img.attachment__preview")!;
        Assert.Matches("^/files/[0-9a-f]{32}/preview/beach.jpg$", image.GetAttribute("src")!);
        Assert.Equal(("480", "360"), (image.GetAttribute("width"), image.GetAttribute("height")));
        Assert.Equal(("lazy", "async"), (image.GetAttribute("loading"), image.GetAttribute("decoding")));
        Assert.Equal("beach.jpg", image.GetAttribute("alt"));
        var original = image.ParentElement!.GetAttribute("href")!;
        Assert.Matches("^/files/[0-9a-f]{32}/beach.jpg$", original);

        using var preview = await reader.Client.GetAsync(image.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("image/webp", preview.Content.Headers.ContentType!.MediaType);
        Assert.Equal("sandbox; default-src 'none'", preview.Headers.GetValues("Content-Security-Policy").Single());
        var previewBytes = await preview.Content.ReadAsByteArrayAsync();
        Assert.InRange(previewBytes.Length, 1, 60 * 1024);
        Assert.DoesNotContain(TestImages.GpsMarker, Encoding.Latin1.GetString(previewBytes), StringComparison.Ordinal);

        using var served = await reader.Client.GetAsync(original);
        Assert.Equal(served.Headers.CacheControl, preview.Headers.CacheControl);
        var originalBytes = await served.Content.ReadAsByteArrayAsync();
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain(TestImages.GpsMarker, Encoding.Latin1.GetString(originalBytes), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(originalBytes);
        Assert.Equal((1600, 1200), (decoded.Width, decoded.Height));
        // The size people read is the file they would download.
        Assert.Contains(fragment.QuerySelector(".attachment__meta")!.TextContent, t => char.IsDigit(t));
    }

    [Fact]
    public async Task The_disk_quota_counts_the_preview_and_deleting_the_file_takes_the_preview_with_it()
    {
        await using var own = new WhisperApp();
        using var sharer = own.NewVisitor();
        await sharer.JoinAsync();
        await sharer.UploadAsync("lobby", TestImages.Jpeg(1200, 900), "dunes.jpg");
        var store = own.Service<FileStore>();
        var src = (await sharer.OpenRoomAsync()).QuerySelector("img.attachment__preview")!.GetAttribute("src")!;
        var file = store.Find(src.Split('/')[2])!;

        Assert.NotNull(file.Preview);
        Assert.Equal(new FileInfo(store.PathOf(file)).Length + new FileInfo(store.PreviewPathOf(file)).Length, store.TotalBytes);
        Assert.Equal(store.TotalBytes, store.StoredBytes);

        store.Delete(file.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await sharer.GetAsync(src)).Status);
        Assert.Empty(Directory.EnumerateFiles(store.Folder));
        Assert.Equal(0, store.TotalBytes);
    }

    [Fact]
    public async Task An_image_claiming_too_many_pixels_is_refused_with_a_sentence_and_leaves_nothing()
    {
        await using var own = new WhisperApp { Settings = { ["Whisper:Files:MaxImagePixels"] = "1000000" } };
        using var sharer = own.NewVisitor();
        await sharer.JoinAsync();

        using var refused = await sharer.UploadAsync("lobby", TestImages.PngClaiming(2000, 1000), "huge.png");
        using var plain = await sharer.UploadAsync("lobby", TestImages.PngClaiming(2000, 1000), "huge.png", "look", htmx: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        foreach (var answer in new[] { refused, plain })
        {
            var composer = await Html.ParseAsync(answer);
            Assert.Equal("That picture is too large to show: at most 1 MP. Choose a smaller one or shrink it first.", composer.QuerySelector(".composer__error")!.TextContent);
        }

        Assert.Equal(0, own.Service<FileStore>().TotalBytes);
        Assert.Empty(Directory.EnumerateFiles(own.Service<FileStore>().Folder));
        Assert.Equal(HttpStatusCode.OK, (await sharer.PostMessageAsync("lobby", "fine, words then", htmx: true)).StatusCode);
    }

    [Fact]
    public async Task Bytes_that_only_look_like_an_image_are_shared_as_a_download()
    {
        using var sharer = app.NewVisitor();
        await sharer.JoinAsync("random");
        byte[] broken = [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 13))];

        using var uploaded = await sharer.UploadAsync("random", broken, "broken.jpg");

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var message = (await sharer.OpenRoomAsync("random")).QuerySelectorAll("article.message").Last(m => m.TextContent.Contains("broken.jpg", StringComparison.Ordinal));
        Assert.Null(message.QuerySelector("img.attachment__preview"));
        using var download = await sharer.Client.GetAsync(message.QuerySelector("a.attachment__link")!.GetAttribute("href"));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(broken, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_shared_before_previews_existed_still_shows_its_original()
    {
        // A message as an earlier release stored it in the shared log: no preview.
        var old = JsonSerializer.Deserialize<Attachment>("""{"Id":"0123456789abcdef0123456789abcdef","Name":"old.png","ContentType":"image/png","Kind":"PNG image","Bytes":68,"IsImage":true,"StoredAt":"2026-11-30T10:00:00+00:00","Expired":false}""")!;

        var html = await app.Service<Whisper.Web.Rooms.MessageFragments>().RenderAsync(new Whisper.Web.Rooms.ChatMessage("lobby", 1, "Quiet Otter 1", "", "", DateTimeOffset.UnixEpoch) { File = old });
        var image = (await Html.ParseAsync(html)).QuerySelector("img.attachment__preview")!;

        Assert.Null(old.Preview);
        Assert.Equal(old.Url, image.GetAttribute("src"));
        Assert.False(image.HasAttribute("width"));
    }

    /// <summary>These tests share many files from one address.</summary>
    public sealed class App() : WhisperApp(("Whisper:RateLimits:UploadsPerMinute", "1000"));
}
