using AngleSharp.Dom;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Talk;

/// <summary>Two strangers who read different languages: each page is told everything in its own.</summary>
public sealed class StrangersInTheirLanguagesTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task Each_side_reads_the_states_and_the_partners_lines_in_its_own_language()
    {
        using var spanish = app.NewVisitor();
        using var japanese = app.NewVisitor();
        spanish.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("es");
        japanese.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja");
        var (spanishPage, spanishSession) = await spanish.StartTalkAsync("voice", "música, 将棋");
        var (japanesePage, japaneseSession) = await japanese.StartTalkAsync("voice", "将棋、映画");
        await using var spanishStream = await spanish.OpenTalkAsync(spanishSession);
        await using var japaneseStream = await japanese.OpenTalkAsync(japaneseSession);

        var spanishStatus = await StatusAsync(spanishStream);
        var japaneseStatus = await StatusAsync(japaneseStream);
        Assert.Equal("Estás hablando con un desconocido (chat de voz). Tienen algo en común: 将棋. ¡Saluda!", spanishStatus.TextContent);
        Assert.Equal("知らない人と話しています（音声チャット）。二人とも「将棋」が好きです。あいさつしてみましょう！", japaneseStatus.TextContent);
        Assert.Equal("将棋", japaneseStatus.QuerySelector(".talk-status__interest bdi")!.TextContent);

        using var said = await spanish.PostAsHtmxAsync(spanishPage, "/talk/messages", new() { ["session"] = spanishSession, ["text"] = "hola" });
        Assert.Equal("Tú: hola", (await Html.ParseAsync(said)).QuerySelector(".talk-line")!.TextContent.Trim());
        Assert.Equal("知らない人：hola", (await Html.ParseAsync((await japaneseStream.NextAsync("line")).Data)).QuerySelector(".talk-line")!.TextContent.Trim());
        (await japanese.PostAsHtmxAsync(japanesePage, "/talk/typing", new() { ["session"] = japaneseSession })).Dispose();
        Assert.Contains("El desconocido está escribiendo…", (await spanishStream.NextAsync("typing")).Data, StringComparison.Ordinal);

        using var tooLong = await japanese.PostAsHtmxAsync(japanesePage, "/talk/messages", new() { ["session"] = japaneseSession, ["text"] = new string('あ', 1001) });
        Assert.Equal("このメッセージは 1,001 文字あります。上限は 1,000 文字です。", await tooLong.Content.ReadAsStringAsync());
        using var skipped = await japanese.PostAsHtmxAsync(japanesePage, "/talk/skip", new() { ["session"] = japaneseSession });
        Assert.Equal("El desconocido se ha ido. Pulsa «Nuevo chat» para conocer a otra persona.", (await StatusAsync(spanishStream)).TextContent);
    }

    [Fact]
    public async Task The_report_dialog_names_each_reason_in_the_page_language_and_files_it_in_English()
    {
        using var russian = app.NewVisitor();
        russian.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var (_, page) = await russian.GetAsync("/talk");
        using var started = await russian.PostAsHtmxAsync(page, "/talk/queue", new() { ["adult"] = "true", ["mode"] = "text" });
        var panel = await Html.ParseAsync(started);

        var reasons = panel.QuerySelectorAll(".talk__report input[name=reason]").Select(i => (i.GetAttribute("value"), i.ParentElement!.TextContent.Trim())).ToList();

        Assert.Equal(7, reasons.Count);
        Assert.Contains(("Seems to be a minor (under 18)", "Похоже, несовершеннолетний (младше 18)"), reasons);
        Assert.Contains(("Something else", "Другое"), reasons);
        Assert.Equal("Пожаловаться", panel.QuerySelector(".talk__report-open")!.TextContent);
    }

    private static async Task<IElement> StatusAsync(SseReader stream) =>
        (await Html.ParseAsync((await stream.NextAsync("status")).Data)).QuerySelector(".talk-status")!;
}
