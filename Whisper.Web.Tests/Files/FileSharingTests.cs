using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Whisper.Web.Files;
using Whisper.Web.Moderation;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Files;

public sealed class FileSharingTests(FileSharingTests.App app) : IClassFixture<FileSharingTests.App>
{
    // A real image: bytes that only start like one are shared as a download (ImagePreviewSharingTests).
    private static readonly byte[] Png = TestImages.Pixel;
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 3000).Select(i => (byte)(i % 251))];

    [Fact]
    public async Task A_shared_file_reaches_open_streams_and_downloads_byte_for_byte()
    {
        using var sharer = app.NewVisitor();
        using var reader = app.NewVisitor();
        await sharer.JoinAsync("tech");
        var page = await reader.OpenRoomAsync("tech");
        await using var stream = await reader.OpenStreamAsync("tech", page.LastSequence());

        using var uploaded = await sharer.UploadAsync("tech", Png, "../holiday photo.png", "look at this");

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var fragment = await Html.ParseAsync((await stream.NextAsync("message")).Data);
        Assert.Equal("look at this", fragment.QuerySelector(".message__body")!.TextContent);
        var preview = fragment.QuerySelector("img.attachment__preview")!;
        Assert.Equal("holiday photo.png", preview.GetAttribute("alt"));
        Assert.Contains("PNG image", fragment.QuerySelector(".attachment__meta")!.TextContent, StringComparison.Ordinal);
        Assert.Matches("^/files/[0-9a-f]{32}/preview/holiday%20photo.png$", preview.GetAttribute("src")!);
        var original = fragment.QuerySelector(".attachment__meta a[download]")!.GetAttribute("href");
        Assert.Matches("^/files/[0-9a-f]{32}/holiday%20photo.png$", original);

        using var download = await reader.Client.GetAsync(original);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("sandbox; default-src 'none'", download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Anything_but_an_image_is_an_attachment_whatever_the_browser_claimed_and_ranges_work()
    {
        using var sharer = app.NewVisitor();
        await sharer.JoinAsync("random");
        using var uploaded = await sharer.UploadAsync("random", Pdf, "notes.png", htmx: false);

        Assert.Equal(HttpStatusCode.SeeOther, uploaded.StatusCode);
        var link = (await sharer.OpenRoomAsync("random")).QuerySelectorAll("a.attachment__link").Last(a => a.TextContent == "notes.png");
        Assert.Contains("PDF document", link.ParentElement!.TextContent, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, link.GetAttribute("href"));
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await sharer.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(Pdf[100..200], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", part.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", part.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("notes.png", part.Content.Headers.ContentDisposition.FileNameStar);
    }

    [Fact]
    public async Task A_file_one_byte_over_the_limit_is_refused_with_413_and_the_room_carries_on()
    {
        using var sharer = app.NewVisitor();
        await sharer.JoinAsync("lobby");

        using var refused = await sharer.UploadAsync("lobby", new byte[(10 * 1024 * 1024) + 1], "big.bin");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("Files can be at most 10 MB.", await refused.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataPath, "files"), "upload-*"));
        using var plain = await sharer.UploadAsync("lobby", new byte[(10 * 1024 * 1024) + 1], "big.bin", htmx: false);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);
        Assert.Equal("Files can be at most 10 MB.", (await Html.ParseAsync(plain)).QuerySelector(".composer__error")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await sharer.PostMessageAsync("lobby", "still chatting after the big file", htmx: true)).StatusCode);
        Assert.Contains("still chatting after the big file", (await sharer.OpenRoomAsync()).MessageBodies());
    }

    [Fact]
    public async Task Empty_and_missing_files_and_strangers_get_a_reason()
    {
        using var sharer = app.NewVisitor();
        using var reader = app.NewVisitor();
        await sharer.JoinAsync("lobby");

        using var empty = await sharer.UploadAsync("lobby", [], "empty.txt", htmx: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("empty", (await Html.ParseAsync(empty)).QuerySelector(".composer__error")!.TextContent, StringComparison.Ordinal);

        var page = await sharer.OpenRoomAsync();
        using var missing = await sharer.PostAsHtmxAsync(page, "/chat/lobby/files", []);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("Choose a file to send.", await missing.Content.ReadAsStringAsync());

        using var notJoined = await reader.UploadAsync("lobby", Png, "x.png");
        Assert.Equal(HttpStatusCode.Forbidden, notJoined.StatusCode);
    }

    [Theory]
    [InlineData("/files/..%2f..%2fwhisper.db/x")]
    [InlineData("/files/%2e%2e/x")]
    [InlineData("/files/0123456789abcdef0123456789abcdef/x")]
    [InlineData("/files/keys/x")]
    public async Task Unknown_and_traversal_ids_get_the_friendly_404(string path)
    {
        using var visitor = app.NewVisitor();

        var (status, page) = await visitor.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.NotNull(page.QuerySelector("h1"));
    }

    [Fact]
    public async Task A_file_deleted_by_a_moderator_or_expired_is_gone_from_disk_and_says_so()
    {
        using var sharer = app.NewVisitor();
        using var admin = app.NewVisitor();
        await sharer.JoinAsync("random");
        await admin.LogInAsAdminAsync();
        await sharer.UploadAsync("random", Png, "to-delete.png");
        await sharer.UploadAsync("random", Pdf, "to-expire.pdf");
        var page = await sharer.OpenRoomAsync("random");
        var deleted = page.QuerySelectorAll("article.message").Last(m => m.QuerySelector("img.attachment__preview")?.GetAttribute("alt") == "to-delete.png");
        var deletedUrl = deleted.QuerySelector("img.attachment__preview")!.GetAttribute("src")!;

        await admin.SubmitAsync("/admin/chat/random", "/admin/chat/random/deletions", new() { ["seq"] = deleted.Id!.Split('-')[^1] });

        Assert.Equal(HttpStatusCode.NotFound, (await sharer.GetAsync(deletedUrl)).Status);
        var store = app.Service<FileStore>();
        var expiring = store.Find(page.QuerySelectorAll("a.attachment__link").Last(a => a.TextContent == "to-expire.pdf").GetAttribute("href")!.Split('/')[2])!;
        store.Delete(expiring.Id);
        await app.Service<Whisper.Web.Rooms.RoomChat>().ExpireFileAsync(expiring.Id);
        Assert.False(File.Exists(store.PathOf(expiring)));
        Assert.Contains((await sharer.OpenRoomAsync("random")).QuerySelectorAll(".attachment--expired"), p => p.TextContent.StartsWith("to-expire.pdf", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a text field over 64 KB")]
    [InlineData("part headers over 16 KB")]
    [InlineData("no closing boundary")]
    public async Task An_upload_refused_after_its_file_was_stored_leaves_nothing_behind(string badPart)
    {
        await using var fresh = new WhisperApp();
        using var sharer = fresh.NewVisitor();
        await sharer.JoinAsync();
        var page = await sharer.OpenRoomAsync();
        const string boundary = "----whisper-test";
        var body = new MemoryStream();
        void Write(string text) => body.Write(System.Text.Encoding.UTF8.GetBytes(text));
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"kept.png\"\r\nContent-Type: image/png\r\n\r\n");
        body.Write(Png);
        Write($"\r\n--{boundary}\r\n");
        switch (badPart)
        {
            case "a text field over 64 KB":
                Write($"Content-Disposition: form-data; name=\"text\"\r\n\r\n{new string('x', 65 * 1024)}\r\n--{boundary}--\r\n");
                break;
            case "part headers over 16 KB":
                Write($"Content-Disposition: form-data; name=\"text\"\r\nX-Padding: {new string('x', 17 * 1024)}\r\n\r\nhi\r\n--{boundary}--\r\n");
                break;
            default:
                Write("Content-Disposition: form-data; name=\"text\"\r\n\r\nhi, and then the body just ends");
                break;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/lobby/files") { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content"));

        using var response = await sharer.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, fresh.Service<FileStore>().TotalBytes);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(fresh.DataPath, "files")));
    }

    [Fact]
    public async Task A_file_whose_message_leaves_the_ring_is_deleted()
    {
        await using var small = new WhisperApp { Settings = { ["Whisper:Messages:RingSize"] = "3" } };
        using var sharer = small.NewVisitor();
        await sharer.JoinAsync();
        await sharer.UploadAsync("lobby", Png, "soon-gone.png");
        var url = (await sharer.OpenRoomAsync()).QuerySelector("img.attachment__preview")!.GetAttribute("src")!;
        Assert.Equal(HttpStatusCode.OK, (await sharer.Client.GetAsync(url)).StatusCode);

        for (var i = 0; i < 3; i++)
        {
            await sharer.PostMessageAsync("lobby", $"pushing it out {i}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await sharer.GetAsync(url)).Status);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(small.DataPath, "files")));
    }

    [Fact]
    public async Task Files_left_from_an_earlier_run_are_deleted_at_start()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path.Combine(dataPath, "files"));
        File.WriteAllText(Path.Combine(dataPath, "files", "upload-deadbeef"), "cut off");
        File.WriteAllText(Path.Combine(dataPath, "files", "0123456789abcdef0123456789abcdef"), "orphan");
        try
        {
            await using var restarted = new WhisperApp { DataPath = dataPath };
            using var visitor = restarted.NewVisitor();
            await visitor.OpenRoomAsync();

            Assert.Empty(Directory.EnumerateFiles(Path.Combine(dataPath, "files")));
        }
        finally
        {
            WhisperApp.TryDelete(dataPath);
        }
    }

    [Fact]
    public async Task A_ban_that_comes_while_the_file_is_on_its_way_still_refuses_it_and_nothing_stays()
    {
        await using var own = new WhisperApp();
        using var sharer = own.NewVisitor();
        var name = await sharer.JoinAsync();
        var page = await sharer.OpenRoomAsync();
        var rest = new TaskCompletionSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/lobby/files") { Content = new HalfThenWait(rest.Task) };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content"));

        var sending = sharer.Client.SendAsync(request);
        var files = Path.Combine(own.DataPath, "files");
        // Guard: the server is already storing the file, so the early check let it through before the ban.
        Assert.True(await Eventually.HoldsAsync(() => Directory.Exists(files) && Directory.EnumerateFiles(files, "upload-*").Any()), "the upload never started");
        await own.Service<Sanctions>().BanAsync(name, TimeSpan.FromDays(1), "flooding", alsoAddress: false);
        rest.SetResult();
        using var response = await sending;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Reason: flooding", (await Html.ParseAsync(response)).QuerySelector(".composer__error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(files));
        Assert.Equal(0, own.Service<FileStore>().TotalBytes);
        Assert.DoesNotContain("sent while banned", (await sharer.OpenRoomAsync()).MessageBodies());
    }

    /// <summary>A multipart upload whose file arrives in two halves, the second only once the test lets it.</summary>
    private sealed class HalfThenWait : HttpContent
    {
        private const string Boundary = "----whisper-slow";
        private readonly Task rest;

        public HalfThenWait(Task rest)
        {
            this.rest = rest;
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nsent while banned\r\n" +
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            await stream.WriteAsync(new byte[128 * 1024]);
            await stream.FlushAsync();
            await rest;
            await stream.WriteAsync(new byte[128 * 1024]);
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"\r\n--{Boundary}--\r\n"));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>These tests share many files from one address.</summary>
    public sealed class App() : WhisperApp(("Whisper:RateLimits:UploadsPerMinute", "1000"));
}
