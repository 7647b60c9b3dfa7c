using System.Net;
using System.Text.Json;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// The stranger chat, its refusals, its live fragments and the app shell in the pseudo-language: nothing a person sees
/// there skipped <c>TalkText</c>, <c>AppText</c> or <c>Text</c>; and every text of TalkText and AppText is in all ten languages.
/// </summary>
public sealed class UntranslatedTalkTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task The_talk_page_and_its_refusal_to_start_come_from_the_resources()
    {
        using var visitor = Pseudo(app.NewVisitor());
        var (_, page) = await visitor.GetAsync("/talk");
        UntranslatedTextTests.AssertAllFromResources(page, app, "/talk");

        // Without the age box ticked: the form again with its sentence, for htmx (a fragment) and for a plain post (the page).
        using var refused = await visitor.PostAsHtmxAsync(page, "/talk/queue", new() { ["mode"] = "text" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await AssertFragmentFromResourcesAsync(await refused.Content.ReadAsStringAsync(), ".form__error", "the refused start (htmx)");
        using var plain = await visitor.SubmitAsync(page, "/talk/queue", new() { ["mode"] = "text" });
        var plainPage = await Html.ParseAsync(plain);
        Assert.NotNull(plainPage.QuerySelector(".form__error"));
        UntranslatedTextTests.AssertAllFromResources(plainPage, app, "the refused start (page)");
    }

    [Fact]
    public async Task The_panel_the_live_fragments_and_every_refusal_in_a_conversation_come_from_the_resources()
    {
        using var alice = Pseudo(app.NewVisitor());
        using var bob = Pseudo(app.NewVisitor());
        var (alicePage, aliceSession) = await alice.StartTalkAsync("video", "chess");
        using var panel = await alice.PostAsHtmxAsync(alicePage, "/talk/queue", new() { ["adult"] = "true", ["mode"] = "video", ["interests"] = "chess", ["session"] = aliceSession });
        await AssertFragmentFromResourcesAsync(await panel.Content.ReadAsStringAsync(), ".talk__report", "the video panel");
        await using var aliceStream = await alice.OpenTalkAsync(aliceSession);
        await AssertFragmentFromResourcesAsync((await aliceStream.NextAsync("status")).Data, "[data-state=waiting]", "waiting");

        // Alice waits alone, so a message has no one to go to.
        var refusals = new List<HttpResponseMessage>
        {
            await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "anyone?" }),
            await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = "0000", ["text"] = "hello" }),
        };

        var (bobPage, bobSession) = await bob.StartTalkAsync("video", "chess");
        await using var bobStream = await bob.OpenTalkAsync(bobSession);
        await AssertFragmentFromResourcesAsync((await aliceStream.NextAsync("status")).Data, "[data-state=matched] .talk-status__interest", "matched, with an interest");
        await AssertFragmentFromResourcesAsync((await bobStream.NextAsync("status")).Data, "[data-state=matched]", "matched (the other side)");

        // Digits only: the words of a line are the visitor's, not the interface's, and the walk would count them.
        using var said = await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "42" });
        await AssertFragmentFromResourcesAsync(await said.Content.ReadAsStringAsync(), ".talk-line--mine", "my own line");
        await AssertFragmentFromResourcesAsync((await bobStream.NextAsync("line")).Data, ".talk-line--theirs", "the partner's line");
        (await bob.PostAsHtmxAsync(bobPage, "/talk/typing", new() { ["session"] = bobSession })).Dispose();
        await AssertFragmentFromResourcesAsync((await aliceStream.NextAsync("typing")).Data, ".talk__typing-text", "typing");

        refusals.Add(await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = "  " }));
        refusals.Add(await alice.PostAsHtmxAsync(alicePage, "/talk/messages", new() { ["session"] = aliceSession, ["text"] = new string('x', 2001) }));
        refusals.Add(await alice.PostAsHtmxAsync(alicePage, "/talk/report", new() { ["session"] = aliceSession, ["reason"] = "not a reason" }));
        refusals.Add(await alice.PostAsHtmxAsync(alicePage, "/talk/report", new() { ["session"] = aliceSession, ["reason"] = "Something else" }));
        await AssertFragmentFromResourcesAsync((await bobStream.NextAsync("status")).Data, "[data-state=left]", "the partner left");

        Assert.Equal(
            [HttpStatusCode.Conflict, HttpStatusCode.Gone, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.OK],
            refusals.Select(r => r.StatusCode));
        foreach (var refusal in refusals)
        {
            using var _ = refusal;
            var sentence = await refusal.Content.ReadAsStringAsync();
            await AssertFragmentFromResourcesAsync($"<p class=\"talk__error\">{WebUtility.HtmlEncode(sentence)}</p>", ".talk__error", $"{(int)refusal.StatusCode}: {sentence}");
        }
    }

    [Fact]
    public async Task The_manifest_and_the_service_worker_texts_come_from_the_resources()
    {
        using var visitor = Pseudo(app.NewVisitor());

        using var manifest = JsonDocument.Parse(await visitor.Client.GetStringAsync("/manifest.webmanifest"));
        var description = manifest.RootElement.GetProperty("description").GetString()!;
        Assert.Matches(@"^\[!! .* !!\]$", description);
        Assert.Equal(Language.Pseudo, manifest.RootElement.GetProperty("lang").GetString(), ignoreCase: true);

        var worker = await visitor.Client.GetStringAsync("/sw.js");
        using var texts = JsonDocument.Parse(System.Text.RegularExpressions.Regex.Match(worker, "const TEXTS = (\\{.*?\\});").Groups[1].Value);
        Assert.Matches(@"^\[!! .* !!\]$", texts.RootElement.GetProperty("body").GetString()!);
    }

    [Fact]
    public async Task Every_refusal_to_subscribe_to_pushes_comes_from_the_resources()
    {
        using var stranger = Pseudo(app.NewVisitor());
        using var member = Pseudo(app.NewVisitor());
        await member.JoinAsync("lobby");
        var keys = new { p256dh = "BAAA", auth = "AAAA" };

        var refusals = new[]
        {
            (await SubscribeAsync(stranger, JsonSerializer.Serialize(new { room = "lobby", endpoint = "https://push.example/a", keys })), HttpStatusCode.Forbidden),
            (await SubscribeAsync(member, JsonSerializer.Serialize(new { room = "no-such-room", endpoint = "https://push.example/a", keys })), HttpStatusCode.NotFound),
            (await SubscribeAsync(member, JsonSerializer.Serialize(new { room = "lobby", endpoint = "http://push.example/a", keys })), HttpStatusCode.UnprocessableEntity),
            (await SubscribeAsync(member, JsonSerializer.Serialize(new { room = "lobby", endpoint = "https://push.example/" + new string('a', 9000), keys })), HttpStatusCode.RequestEntityTooLarge),
            (await SubscribeAsync(member, "{ not json"), HttpStatusCode.BadRequest),
        };

        foreach (var ((status, detail), expected) in refusals)
        {
            Assert.Equal(expected, status);
            await AssertFragmentFromResourcesAsync($"<p class=\"push-error\">{WebUtility.HtmlEncode(detail)}</p>", ".push-error", $"{(int)status}: {detail}");
        }
    }

    /// <summary>Posts a body to <c>/push/subscriptions</c> as push.js does; returns the status and the problem's sentence.</summary>
    private static async Task<(HttpStatusCode Status, string Detail)> SubscribeAsync(VisitorClient visitor, string json)
    {
        var page = await visitor.OpenRoomAsync("lobby");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/push/subscriptions") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", page.QuerySelector("meta[name=antiforgery-token]")!.GetAttribute("content"));
        using var response = await visitor.Client.SendAsync(request);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, problem.RootElement.GetProperty("detail").GetString()!);
    }

    private static VisitorClient Pseudo(VisitorClient visitor)
    {
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Language.Pseudo);
        return visitor;
    }

    /// <summary>A fragment (htmx answer, stream event, refusal) put in a page in the pseudo-language, then walked like one.</summary>
    private async Task AssertFragmentFromResourcesAsync(string fragment, string expected, string what)
    {
        var page = await Html.ParseAsync($"<!DOCTYPE html><html lang=\"{Language.Pseudo}\"><head><title></title></head><body>{fragment}</body></html>");
        Assert.True(page.QuerySelector(expected) is not null, $"{what}: no {expected} in {fragment}");
        UntranslatedTextTests.AssertAllFromResources(page, app, what);
    }
}
