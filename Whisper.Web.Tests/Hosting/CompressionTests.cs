using System.IO.Compression;
using System.Net.Http.Headers;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Hosting;

public sealed class CompressionTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    public static TheoryData<string> PublicPages => ["/", "/chat/lobby", "/faq", "/privacy-policy", "/talk"];

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task Public_pages_arrive_compressed_and_read_the_same(string path)
    {
        using var visitor = app.NewVisitor();
        using var plain = await visitor.Client.GetAsync(path);
        var plainPage = await plain.Content.ReadAsStringAsync();

        foreach (var encoding in new[] { "br", "gzip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            using var response = await visitor.Client.SendAsync(request);

            Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
            var compressed = await response.Content.ReadAsByteArrayAsync();
            var page = Decompress(compressed, encoding);
            Assert.Contains("</html>", page, StringComparison.Ordinal);
            Assert.True(compressed.Length < plainPage.Length / 2, $"{path} in {encoding} is {compressed.Length} bytes for {plainPage.Length}");
        }
    }

    [Theory]
    [InlineData("/admin/login")]
    [InlineData("/me")]
    public async Task Pages_that_can_show_a_one_time_code_are_never_compressed(string path)
    {
        using var visitor = app.NewVisitor();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");

        using var response = await visitor.Client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_joined_reader_s_room_page_is_never_compressed_as_it_carries_their_name()
    {
        using var visitor = app.NewVisitor();
        var name = await visitor.JoinAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/chat/lobby");
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");

        using var response = await visitor.Client.SendAsync(request);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains(name, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_is_sent_as_it_is_so_each_event_reaches_the_reader_at_once()
    {
        using var visitor = app.NewVisitor();
        await visitor.JoinAsync();
        visitor.Client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br, gzip");
        visitor.Client.DefaultRequestHeaders.Accept.ParseAdd("text/event-stream");
        await using var stream = await visitor.OpenStreamAsync("lobby");

        using var posted = await visitor.PostMessageAsync("lobby", "through a plain stream");

        Assert.Empty(stream.Response.Content.Headers.ContentEncoding);
        for (var i = 0; i < 50 && !(await stream.NextAsync()).Data.Contains("through a plain stream", StringComparison.Ordinal); i++)
        {
        }

    }

    private static string Decompress(byte[] compressed, string encoding)
    {
        using var input = new MemoryStream(compressed);
        using Stream decompressor = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(decompressor);
        return reader.ReadToEnd();
    }
}
