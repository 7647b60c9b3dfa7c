using AngleSharp.Dom;
using Whisper.Web.Rooms;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// The render-once fan-out in several languages: a room entry is rendered once per language its streams read, never
/// per reader; each stream gets the message with its own language's labels, live and on resume.
/// </summary>
public sealed class RoomLanguagesTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    private static readonly string[] ReaderLanguages = ["es", "es", "es", "ja", "ja"];

    [Fact]
    public async Task Streams_in_spanish_and_japanese_receive_the_same_message_with_labels_in_their_own_language()
    {
        using var poster = Visitor("es");
        using var spanish = Visitor("es");
        using var japanese = Visitor("ja");
        var name = await poster.JoinAsync("tech");
        var after = (await spanish.OpenRoomAsync("tech")).LastSequence();
        await using var inSpanish = await spanish.OpenStreamAsync("tech", after);
        await using var inJapanese = await japanese.OpenStreamAsync("tech", after);

        await poster.PostMessageAsync("tech", "hola, こんにちは", htmx: true);

        var es = await MessageOf(await inSpanish.NextAsync("message"));
        var ja = await MessageOf(await inJapanese.NextAsync("message"));
        Assert.Equal(es.Id, ja.Id);
        Assert.Equal(name, ja.GetAttribute("data-author"));
        Assert.Equal("hola, こんにちは", es.QuerySelector(".message__body")!.TextContent);
        Assert.Equal("hola, こんにちは", ja.QuerySelector(".message__body")!.TextContent);
        // A plain message has no words of the page's own (its buttons come from the page): the same bytes in both.
        Assert.Equal(es.OuterHtml, ja.OuterHtml);
        Assert.Null(es.QuerySelector(".message__actions"));

        // An announcement is signed with the page's word for one, so each language reads its own copy.
        using var admin = Visitor("es");
        await admin.LogInAsAdminAsync();
        await admin.SubmitAsync("/admin/chat/tech", "/admin/announcements", new() { ["room"] = "tech", ["text"] = "hola a todos" });
        Assert.Equal("Anuncio", Signature(await MessageOf(await inSpanish.NextAsync("message"))));
        Assert.Equal("お知らせ", Signature(await MessageOf(await inJapanese.NextAsync("message"))));
    }

    [Fact]
    public async Task A_message_is_rendered_once_per_language_its_streams_read_never_once_per_reader()
    {
        var fragments = app.Service<MessageFragments>();
        using var poster = Visitor("es");
        await poster.JoinAsync("random");
        var after = (await poster.OpenRoomAsync("random")).LastSequence();
        var readers = ReaderLanguages.Select(Visitor).ToList();
        var streams = new List<SseReader>();
        foreach (var reader in readers)
        {
            streams.Add(await reader.OpenStreamAsync("random", after));
        }

        var before = fragments.Renders;
        using var admin = Visitor("es");
        await admin.LogInAsAdminAsync();
        await admin.SubmitAsync("/admin/chat/random", "/admin/announcements", new() { ["room"] = "random", ["text"] = "one announcement, two languages" });
        var received = new List<IElement>();
        foreach (var stream in streams)
        {
            received.Add(await MessageOf(await stream.NextAsync("message")));
        }

        // Spanish when posted (the poster's language), Japanese when the first Japanese stream needed it: two, for five readers.
        Assert.Equal(2, fragments.Renders - before);
        Assert.Equal(3, received.Count(m => Signature(m) == "Anuncio"));
        Assert.Equal(2, received.Count(m => Signature(m) == "お知らせ"));

        // A Japanese page resuming by Last-Event-ID gets the Japanese copy already made: no render at all.
        using var late = Visitor("ja");
        await using var resumed = await late.OpenStreamAsync("random", after: 1, lastEventId: after);
        Assert.Equal("お知らせ", Signature(await MessageOf(await resumed.NextAsync("message"))));
        Assert.Equal(2, fragments.Renders - before);

        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        readers.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task A_reaction_reaches_each_language_with_that_language_s_labels()
    {
        using var poster = Visitor("es");
        using var japanese = Visitor("ja");
        await poster.JoinAsync("tech");
        await poster.PostMessageAsync("tech", "react to me");
        var page = await poster.OpenRoomAsync("tech");
        var sequence = page.LastSequence();
        await using var inJapanese = await japanese.OpenStreamAsync("tech", sequence);

        await poster.PostAsHtmxAsync(page, "/chat/tech/reactions", new() { ["r"] = $"{sequence}:👍" });

        var notice = await Html.ParseAsync((await inJapanese.NextAsync("notice")).Data);
        var changed = notice.QuerySelector("article.message")!;
        Assert.Equal("いいね 1", changed.QuerySelector(".reactions button")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_online_count_reads_in_each_stream_s_language_with_its_plural()
    {
        using var russian = Visitor("ru");
        using var arabic = Visitor("ar");
        await russian.JoinAsync("random");
        await arabic.JoinAsync("random");
        await using var inRussian = await russian.OpenStreamAsync("random");
        await using var inArabic = await arabic.OpenStreamAsync("random");

        Assert.Contains("в сети", await Words(inRussian), StringComparison.Ordinal);
        Assert.Contains("متصل", await Words(inArabic), StringComparison.Ordinal);
    }

    private static async Task<string> Words(SseReader stream) =>
        (await Html.ParseAsync((await stream.NextAsync("presence")).Data)).QuerySelector(".presence__word")!.TextContent;

    private VisitorClient Visitor(string language)
    {
        var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return visitor;
    }

    private static async Task<IElement> MessageOf(SseEvent received) => (await Html.ParseAsync(received.Data)).QuerySelector("article.message")!;

    /// <summary>Who an announcement is from, in the words of the page it was rendered for.</summary>
    private static string Signature(IElement message) => message.QuerySelector(".message__author")!.TextContent;
}
