using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AngleSharp.Dom;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Push;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// The last texts that used to be English: every refusal of an upload and of a WebRTC signal, the report of a stranger
/// who seems to be a minor (the reporter's form, then the admin's list), a push, and the privacy policy's date. In the
/// pseudo-language nothing of them skipped the resources; in a real language each reads in it.
/// </summary>
public sealed class UntranslatedFilesTalkTests(UntranslatedFilesTalkTests.App app) : IClassFixture<UntranslatedFilesTalkTests.App>
{
    private const int MaxFileBytes = 1024;

    [Fact]
    public async Task Every_refusal_of_an_upload_comes_from_the_resources()
    {
        using var stranger = Visitor(Language.Pseudo);
        using var sharer = Visitor(Language.Pseudo);
        await sharer.JoinAsync("lobby");
        var page = await sharer.OpenRoomAsync("lobby");

        await AssertRefusalAsync(await stranger.UploadAsync("lobby", [1, 2, 3], "a.bin"), HttpStatusCode.Forbidden, "an upload before joining");
        await AssertRefusalAsync(await sharer.PostAsHtmxAsync(page, "/chat/lobby/files", new() { ["text"] = "no file" }), HttpStatusCode.BadRequest, "a form that is not multipart");
        await AssertRefusalAsync(await UploadAsync(sharer, page, file: null, token: Token(page)), HttpStatusCode.UnprocessableEntity, "a multipart form without a file");
        await AssertRefusalAsync(await UploadAsync(sharer, page, file: [1, 2, 3], token: "not-the-token"), HttpStatusCode.BadRequest, "an expired form");
        await AssertRefusalAsync(await sharer.UploadAsync("lobby", [], "empty.txt"), HttpStatusCode.UnprocessableEntity, "an empty file");
        await AssertRefusalAsync(await sharer.UploadAsync("lobby", new byte[MaxFileBytes + 1], "big.bin"), HttpStatusCode.RequestEntityTooLarge, "a file over the limit");

        // Without script the room page comes back with the sentence under the composer.
        using var plain = await sharer.UploadAsync("lobby", [], "empty.txt", htmx: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        var error = (await Html.ParseAsync(plain)).QuerySelector(".composer__error");
        Assert.NotNull(error);
        await AssertFragmentAsync(error.OuterHtml, ".composer__error", "an empty file, without script");

        // The whole allowance is one file's worth: once a file is kept, the next is refused for want of room.
        using (var kept = await sharer.UploadAsync("lobby", new byte[MaxFileBytes - 24], "kept.bin"))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }

        await AssertRefusalAsync(await sharer.UploadAsync("lobby", [1, 2, 3], "more.bin"), HttpStatusCode.InsufficientStorage, "files full");
    }

    [Fact]
    public async Task Every_refusal_of_a_signal_comes_from_the_resources_and_reads_in_Spanish()
    {
        await using var pseudoPair = await PairAsync(Language.Pseudo);
        var (pseudo, pseudoPage, pseudoSession) = (pseudoPair.One, pseudoPair.Page, pseudoPair.Session);
        var refusals = new (string? Signal, HttpStatusCode Status)[]
        {
            ("", HttpStatusCode.UnprocessableEntity),
            (new string('x', Whisper.Web.Talk.TalkSignal.MaxBytes + 1), HttpStatusCode.RequestEntityTooLarge),
            ("<b>not json</b>", HttpStatusCode.UnprocessableEntity),
            ("""{"description":{"type":"offer","sdp":"x"},"candidate":{"candidate":"y"}}""", HttpStatusCode.UnprocessableEntity),
        };
        var sentences = new List<string>();
        foreach (var (signal, status) in refusals)
        {
            using var refused = await pseudo.PostAsHtmxAsync(pseudoPage, "/talk/signal", new() { ["session"] = pseudoSession, ["signal"] = signal! });
            Assert.Equal(status, refused.StatusCode);
            Assert.StartsWith("text/plain", refused.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
            var sentence = await refused.Content.ReadAsStringAsync();
            sentences.Add(sentence);
            await AssertFragmentAsync($"<p class=\"talk__error\">{WebUtility.HtmlEncode(sentence)}</p>", ".talk__error", $"{(int)status}: {sentence}");
        }

        Assert.Equal(refusals.Length, sentences.Distinct().Count());
        Assert.Contains("16", sentences[1], StringComparison.Ordinal);

        await using var spanish = await PairAsync("es");
        using var tooLong = await spanish.One.PostAsHtmxAsync(spanish.Page, "/talk/signal", new() { ["session"] = spanish.Session, ["signal"] = new string('x', Whisper.Web.Talk.TalkSignal.MaxBytes + 1) });
        Assert.Equal("Esta señal es demasiado larga: como máximo 16 KB.", await tooLong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_minor_reported_in_the_stranger_chat_reads_in_the_reporters_and_the_admins_language()
    {
        // The reporter's form: its reason in the pseudo-language, and in Spanish, with the age from the options.
        await using (var pseudo = await PairAsync(Language.Pseudo))
        {
            var minor = pseudo.Panel.QuerySelectorAll(".talk__report label").Single(l => l.QuerySelector("input[name=reason]")?.GetAttribute("value")?.Contains("minor", StringComparison.Ordinal) == true);
            Assert.Contains("18", minor.TextContent, StringComparison.Ordinal);
            await AssertFragmentAsync(pseudo.Panel.QuerySelector(".talk__report")!.OuterHtml, ".talk__report", "the stranger report form");
        }

        await using (var spanish = await PairAsync("es"))
        {
            var choice = spanish.Panel.QuerySelectorAll(".talk__report label").Single(l => l.TextContent.Contains("menor", StringComparison.Ordinal));
            Assert.Equal("Parece menor de edad (menos de 18 años)", choice.TextContent.Trim());
            using var reported = await spanish.One.PostAsHtmxAsync(spanish.Page, "/talk/report", new() { ["session"] = spanish.Session, ["reason"] = choice.QuerySelector("input")!.GetAttribute("value")! });
            Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        }

        // The admin reads the reason, with its age, and the stranger it names in the admin's own language.
        using var admin = Visitor("es");
        await admin.LogInAsAdminAsync();
        var (_, reports) = await admin.GetAsync("/admin/reports");
        var meta = reports.QuerySelectorAll(".report__meta").Single(m => m.TextContent.Contains("menor", StringComparison.Ordinal));
        Assert.Equal("Parece menor de edad (menos de 18 años)", meta.QuerySelector("strong")!.TextContent);
        Assert.Matches("^Desconocido [0-9a-f]+$", meta.QuerySelectorAll("bdi")[0].TextContent);

        using var pseudoAdmin = Visitor(Language.Pseudo);
        await pseudoAdmin.LogInAsAdminAsync();
        var (_, pseudoReports) = await pseudoAdmin.GetAsync("/admin/reports");
        var pseudoMeta = pseudoReports.QuerySelectorAll(".report__meta").First(m => m.TextContent.Contains("18", StringComparison.Ordinal));
        pseudoMeta.QuerySelector("time")!.TextContent = "";
        await AssertFragmentAsync(pseudoMeta.OuterHtml, ".report__meta strong", "a minor's report in the admin's list");
    }

    [Fact]
    public async Task A_push_to_a_subscription_made_on_a_Japanese_page_is_written_in_Japanese()
    {
        await using var pushService = await FakePushService.StartAsync();
        using var japanese = Visitor("ja");
        using var writer = app.NewVisitor();
        await japanese.JoinAsync("random");
        await writer.JoinAsync("random");
        var (key, auth) = (ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16));
        using (var subscribed = await japanese.SubscribePushAsync("random", pushService.BaseUrl + "/push/ja", key, auth, showText: false))
        {
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        }

        // Posted from an English page: the push is in the subscriber's language, never the sender's.
        await writer.PostMessageAsync("random", "hello there");

        Assert.True(await Eventually.HoldsAsync(() => pushService.Received.Any(r => r.Path == "/push/ja"), attempts: 150), "No push reached the Japanese subscription.");
        using var payload = JsonDocument.Parse(PushDecryption.Decrypt(pushService.Received.First(r => r.Path == "/push/ja").Body, key, auth));
        Assert.Equal("新しいメッセージ", payload.RootElement.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("ar", "ديسمبر")]
    [InlineData("ja", "年")]
    public async Task The_privacy_policys_date_is_ISO_for_machines_and_written_in_the_page_language(string culture, string word)
    {
        using var visitor = Visitor(culture);

        var (status, page) = await visitor.GetAsync("/privacy-policy");

        Assert.Equal(HttpStatusCode.OK, status);
        var date = page.QuerySelector(".policy__updated time")!;
        var written = Whisper.Web.Site.PolicyDates.Written;
        Assert.Equal(written.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), date.GetAttribute("datetime"));
        Assert.Contains(word, date.TextContent, StringComparison.Ordinal);
        Assert.Contains(written.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), date.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("December", date.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", "1 Ko")]
    [InlineData("ru", "1 КБ")]
    [InlineData("en", "1 KB")]
    public async Task The_largest_file_is_said_with_the_languages_own_size_words_on_the_landing_page_the_faq_and_the_policy(string culture, string size)
    {
        using var visitor = Visitor(culture);

        foreach (var path in new[] { "/", "/faq", "/privacy-policy" })
        {
            var (_, page) = await visitor.GetAsync(path);
            var text = page.QuerySelector("main")!.TextContent;
            Assert.True(text.Contains(size, StringComparison.Ordinal), $"{path} in {culture} does not say {size}");
            Assert.True(culture == "en" || !text.Contains("1 KB", StringComparison.Ordinal), $"{path} in {culture} says 1 KB");
        }
    }

    private VisitorClient Visitor(string language)
    {
        var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return visitor;
    }

    private static string Token(IDocument page) => page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content")!;

    /// <summary>An upload as htmx sends it, with the token it is given (the right one, or one from an expired page).</summary>
    private static async Task<HttpResponseMessage> UploadAsync(VisitorClient visitor, IDocument page, byte[]? file, string token)
    {
        using var form = new MultipartFormDataContent { { new StringContent("caption"), "text" } };
        if (file is not null)
        {
            form.Add(new ByteArrayContent(file), "file", "a.bin");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat/lobby/files") { Content = form };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        return await visitor.Client.SendAsync(request);
    }

    /// <summary>
    /// Two visitors in <paramref name="language"/> matched in the stranger chat, their streams open (a closed stream ends
    /// its session, so none is left waiting for the next test once the pair is disposed).
    /// </summary>
    private async Task<Pair> PairAsync(string language)
    {
        var one = Visitor(language);
        var other = Visitor(language);
        var (page, panel, session) = await StartAsync(one);
        var (_, _, otherSession) = await StartAsync(other);
        var stream = await one.OpenTalkAsync(session);
        var otherStream = await other.OpenTalkAsync(otherSession);
        Assert.Equal("matched", await stream.NextTalkStateAsync());
        return new Pair(one, other, page, panel, session, stream, otherStream);
    }

    /// <summary>Starts a stranger chat as the /talk page does: the page, the panel it is given (with its report dialog), the session.</summary>
    private static async Task<(IDocument Page, IDocument Panel, string Session)> StartAsync(VisitorClient visitor)
    {
        var (_, page) = await visitor.GetAsync("/talk");
        using var started = await visitor.PostAsHtmxAsync(page, "/talk/queue", new() { ["adult"] = "true", ["mode"] = "text" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var panel = await Html.ParseAsync(started);
        return (page, panel, panel.QuerySelector(".talk")!.GetAttribute("data-session")!);
    }

    private sealed record Pair(VisitorClient One, VisitorClient Other, IDocument Page, IDocument Panel, string Session, SseReader Stream, SseReader OtherStream)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await OtherStream.DisposeAsync();
            One.Dispose();
            Other.Dispose();
        }
    }

    /// <summary>A refusal: the composer htmx swaps in, or a plain sentence, walked as a page in the pseudo-language.</summary>
    private async Task AssertRefusalAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        using (response)
        {
            Assert.True(response.StatusCode == expected, $"{what}: {response.StatusCode}, not {expected}");
            var body = await response.Content.ReadAsStringAsync();
            var html = response.Content.Headers.ContentType?.MediaType == "text/html";
            await AssertFragmentAsync(html ? body : $"<p class=\"refusal\">{WebUtility.HtmlEncode(body)}</p>", html ? "*" : ".refusal", $"{what}: {body}");
        }
    }

    /// <summary>A fragment put in a page in the pseudo-language (the typed caption set aside), then walked like one.</summary>
    private async Task AssertFragmentAsync(string fragment, string expected, string what)
    {
        var page = await Html.ParseAsync($"<!DOCTYPE html><html lang=\"{Language.Pseudo}\"><head><title>[!! !!]</title></head><body>{fragment}</body></html>");
        Assert.True(page.Body!.QuerySelector(expected) is not null, $"{what}: no {expected} in {fragment}");
        foreach (var typed in page.QuerySelectorAll("textarea"))
        {
            typed.TextContent = "";
        }

        UntranslatedTextTests.AssertAllFromResources(page, app, what);
    }

    public sealed class App() : WhisperApp(
        ("Whisper:Files:MaxBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Whisper:Files:MaxTotalBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Whisper:RateLimits:UploadsPerMinute", "1000"),
        ("Whisper:Push:AllowLoopbackEndpoints", "true"));
}
