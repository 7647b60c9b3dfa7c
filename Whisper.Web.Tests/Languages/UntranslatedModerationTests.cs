using System.Net;
using AngleSharp.Dom;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Sse;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// What moderation says to the people it stops, in their own language: a ban's sentence (on the page, in a refused
/// post or upload, in the stream's farewell), a filter's default sentence, and the words the seeded rooms start with.
/// Walked in the pseudo-language, then read in Spanish and Japanese side by side. The reason a moderator typed and the
/// words an admin wrote are data, shown as typed.
/// </summary>
public sealed class UntranslatedModerationTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    private const string OldEnglishDefault = "That was not posted: it contains something this chat does not allow.";

    [Fact]
    public async Task A_banned_persons_farewell_page_post_upload_and_stream_refusals_come_from_the_resources()
    {
        using var admin = await AdminAsync("de");
        using var troll = Visitor(Language.Pseudo);
        var name = await troll.JoinAsync("random");
        await using (var stream = await troll.OpenStreamAsync("random", (await troll.OpenRoomAsync("random")).LastSequence()))
        {
            await BanAsync(admin, name, "spam");
            AssertFromResources(await PseudoAsync((await stream.NextAsync("notice")).Data), "the stream's farewell to a banned name");
        }

        await AssertRefusalAsync(await troll.PostMessageAsync("random", "still here", htmx: true), HttpStatusCode.Forbidden, "a banned name's post");
        await AssertRefusalAsync(await troll.UploadAsync("random", [1, 2, 3], "note.txt"), HttpStatusCode.Forbidden, "a banned name's upload");
        await AssertRefusalAsync(await troll.Client.GetAsync("/chat/random/events", HttpCompletionOption.ResponseHeadersRead), HttpStatusCode.Forbidden, "a banned name's stream");
        var page = await troll.OpenRoomAsync("random");
        Assert.NotNull(page.QuerySelector(".room__refusal time[datetime]"));
        AssertFromResources(await PseudoAsync(page.QuerySelector(".room__refusal")!.OuterHtml), "a banned name's room page");
        AssertFromResources(await PseudoAsync((await troll.GetAsync("/me")).Page.QuerySelector(".ban__reason")!.ParentElement!.OuterHtml), "the ban on /me");

        using var forGood = Visitor(Language.Pseudo);
        var banned = await forGood.JoinAsync("random");
        await app.Service<Moderator>().BanAsync(banned, null, "", alsoAddress: false);
        var refusal = (await forGood.OpenRoomAsync("random")).QuerySelector(".room__refusal")!;
        Assert.Null(refusal.QuerySelector(".ban__reason, time"));
        AssertFromResources(await PseudoAsync(refusal.OuterHtml), "a ban for good without a reason");
    }

    [Fact]
    public async Task A_filters_default_refusal_and_the_seeded_lobby_come_from_the_resources()
    {
        using var admin = await AdminAsync("de");
        await AddFilterAsync(admin, "pseudoword", "");
        using var member = Visitor(Language.Pseudo);
        await member.JoinAsync("tech");

        await AssertRefusalAsync(await member.PostMessageAsync("tech", "a pseudoword here", htmx: true), HttpStatusCode.UnprocessableEntity, "a filter's default refusal");

        var lobby = await member.OpenRoomAsync("lobby");
        Assert.StartsWith("[!!", lobby.Title, StringComparison.Ordinal);
        AssertFromResources(await PseudoAsync(lobby.QuerySelector(".room__title")!.OuterHtml), "the lobby's title");
        AssertFromResources(await PseudoAsync(lobby.QuerySelector(".room__description")!.OuterHtml), "the lobby's description");
        // The tech room is renamed by another test here: the other two still carry the words they started with.
        var seeded = lobby.QuerySelectorAll(".room-nav__link[href='/chat/lobby'], .room-nav__link[href='/chat/random']");
        Assert.Equal(2, seeded.Length);
        AssertFromResources(await PseudoAsync(string.Concat(seeded.Select(link => link.OuterHtml))), "the seeded rooms' names");
    }

    [Fact]
    public async Task A_ban_reaches_a_spanish_and_a_japanese_tab_of_the_same_name_each_in_its_own_language()
    {
        using var admin = await AdminAsync("de");
        using var spanish = Visitor("es");
        var name = await spanish.JoinAsync("tech");
        using var japanese = Visitor("ja", spanish.Cookies);
        var after = (await spanish.OpenRoomAsync("tech")).LastSequence();
        await using var inSpanish = await spanish.OpenStreamAsync("tech", after);
        await using var inJapanese = await japanese.OpenStreamAsync("tech", after);

        await BanAsync(admin, name, "flooding");

        var es = (await Html.ParseAsync((await inSpanish.NextAsync("notice")).Data)).QuerySelector("#composer")!;
        var ja = (await Html.ParseAsync((await inJapanese.NextAsync("notice")).Data)).QuerySelector("#composer")!;
        Assert.StartsWith("Se te ha bloqueado: no puedes escribir aquí hasta el ", es.TextContent, StringComparison.Ordinal);
        Assert.EndsWith(". Motivo: flooding", es.TextContent.TrimEnd(), StringComparison.Ordinal);
        Assert.StartsWith("利用停止中のため、", ja.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("までここには投稿できません。理由：flooding", ja.TextContent.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(es.QuerySelector("time")!.GetAttribute("datetime"), ja.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("auto", ja.QuerySelector(".ban__reason")!.GetAttribute("dir"));

        // Without the page: a refused post says the end as a date of the reader's culture, in UTC.
        var until = app.Service<Sanctions>().BanOf(name)!.Until!.Value.UtcDateTime;
        var refused = await ErrorOfAsync(await japanese.PostMessageAsync("tech", "まだいる", htmx: true), HttpStatusCode.Forbidden);
        Assert.Contains(until.ToString("f", System.Globalization.CultureInfo.GetCultureInfo("ja")) + " UTC まで", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ban_without_a_page_says_its_end_in_the_readers_culture_and_a_report_reason_in_their_words()
    {
        var until = new DateTimeOffset(2026, 12, 24, 18, 30, 0, TimeSpan.FromHours(2));

        var (forGood, untilThen) = await FragmentLanguage.InAsync(System.Globalization.CultureInfo.GetCultureInfo("es"), _ => Task.FromResult((
            new BanTerms(null, "Spam or flooding").Sentence(Words.Of<RoomsText>(), Words.Of<AdminText>()),
            new BanTerms(until, "  ").Sentence(Words.Of<RoomsText>(), Words.Of<AdminText>()))));

        Assert.Equal("Se te ha bloqueado para siempre: ya no puedes escribir aquí. Motivo: Spam o saturación", forGood);
        Assert.Equal("Se te ha bloqueado: no puedes escribir aquí hasta el jueves, 24 de diciembre de 2026 16:30 UTC.", untilThen);
    }

    [Fact]
    public async Task A_filters_default_sentence_is_read_in_each_posters_language_and_a_typed_one_as_typed()
    {
        using var admin = await AdminAsync("de");
        await AddFilterAsync(admin, "quux", "");
        await AddFilterAsync(admin, "zork", "Not that word, please.");
        // A filter saved before the default was translated holds the English sentence: it is the default all the same.
        await app.Service<Filters>().AddAsync(new Filter(0, "frob", false, FilterAction.Refuse, null, OldEnglishDefault, 1));
        using var spanish = Visitor("es");
        using var japanese = Visitor("ja");
        await spanish.JoinAsync("random");
        await japanese.JoinAsync("random");

        Assert.Equal("No se ha publicado: contiene algo que este chat no permite.", await ErrorOfAsync(await spanish.PostMessageAsync("random", "quux", htmx: true)));
        Assert.Equal("投稿できませんでした。このチャットで認められていない内容が含まれています。", await ErrorOfAsync(await japanese.PostMessageAsync("random", "quux", htmx: true)));
        Assert.Equal("投稿できませんでした。このチャットで認められていない内容が含まれています。", await ErrorOfAsync(await japanese.PostMessageAsync("random", "frob", htmx: true)));
        Assert.Equal("Not that word, please.", await ErrorOfAsync(await spanish.PostMessageAsync("random", "zork", htmx: true)));
        Assert.Equal("Not that word, please.", await ErrorOfAsync(await japanese.PostMessageAsync("random", "zork", htmx: true)));
    }

    [Fact]
    public async Task The_seeded_rooms_read_in_each_language_until_the_admin_writes_their_own_words()
    {
        using var spanish = Visitor("es");
        using var japanese = Visitor("ja");

        var lobby = await spanish.OpenRoomAsync("lobby");
        Assert.Equal("Sala principal", lobby.QuerySelector(".room__title")!.TextContent);
        Assert.Equal("Aquí empieza todo el mundo. Sé amable.", lobby.QuerySelector(".room__description")!.TextContent);
        Assert.StartsWith("Sala principal", lobby.Title, StringComparison.Ordinal);
        Assert.Equal(["ロビー", "雑談", "テクノロジー"], (await japanese.OpenRoomAsync("tech")).QuerySelectorAll(".room-nav__link").Select(l => l.TextContent));

        using var admin = await AdminAsync("ja");
        var settings = (await admin.GetAsync("/admin/chat/tech/settings")).Page;
        Assert.Equal("Tech", settings.QuerySelector("input[name=title]")!.GetAttribute("value"));
        Assert.NotNull(settings.QuerySelector(".form__hint"));
        using var saved = await admin.SubmitAsync(settings, "/admin/chat/tech/settings", new() { ["title"] = "Technik-Ecke", ["description"] = "Computers, code and gadgets.", ["slowModeSeconds"] = "0", ["newNamesWaitMinutes"] = "0" });
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);

        var tech = await japanese.OpenRoomAsync("tech");
        Assert.Equal("Technik-Ecke", tech.QuerySelector(".room__title")!.TextContent);
        Assert.Equal("コンピューター、コード、ガジェットの話。", tech.QuerySelector(".room__description")!.TextContent);
        Assert.Contains("Technik-Ecke", (await admin.GetAsync("/admin")).Page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    private VisitorClient Visitor(string language, CookieContainer? cookies = null)
    {
        var visitor = app.NewVisitor(cookies);
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return visitor;
    }

    private async Task<VisitorClient> AdminAsync(string language)
    {
        var admin = Visitor(language);
        Assert.Equal(HttpStatusCode.SeeOther, (await admin.LogInAsAdminAsync()).StatusCode);
        return admin;
    }

    private static async Task BanAsync(VisitorClient admin, string name, string reason)
    {
        using var banned = await admin.SubmitAsync("/admin/bans/new?name=" + Uri.EscapeDataString(name), "/admin/bans", new() { ["duration"] = "1.00:00:00", ["reason"] = reason });
        Assert.Equal(HttpStatusCode.SeeOther, banned.StatusCode);
    }

    private static async Task AddFilterAsync(VisitorClient admin, string pattern, string sentence)
    {
        using var added = await admin.SubmitAsync("/admin/filters", "/admin/filters", new() { ["pattern"] = pattern, ["action"] = "Refuse", ["sentence"] = sentence, ["muteMinutes"] = "5" });
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
    }

    /// <summary>The sentence a refused htmx post shows under the composer.</summary>
    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.UnprocessableEntity)
    {
        using (response)
        {
            Assert.Equal(expected, response.StatusCode);
            return (await Html.ParseAsync(response)).QuerySelector(".composer__error")!.TextContent;
        }
    }

    /// <summary>A refusal's body (htmx markup, problem JSON or plain text), walked as a page in the pseudo-language.</summary>
    private async Task AssertRefusalAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        using (response)
        {
            Assert.Equal(expected, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            var markup = response.Content.Headers.ContentType?.MediaType == "text/html" ? body : $"<p>{WebUtility.HtmlEncode(body)}</p>";
            Assert.Contains("[!!", body, StringComparison.Ordinal);
            AssertFromResources(await PseudoAsync(markup), what);
        }
    }

    private static Task<IDocument> PseudoAsync(string markup) =>
        Html.ParseAsync($"<!doctype html><html lang=\"{Language.Pseudo}\"><head><title>[!! !!]</title></head><body>{markup}</body></html>");

    /// <summary>Walks <paramref name="page"/> without what people typed: a ban's reason, a message in the composer.</summary>
    private void AssertFromResources(IDocument page, string what)
    {
        foreach (var typed in page.QuerySelectorAll(".ban__reason, textarea").ToList())
        {
            typed.Remove();
        }

        UntranslatedTextTests.AssertAllFromResources(page, app, what);
    }
}
