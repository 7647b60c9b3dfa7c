using System.Globalization;
using System.Net;
using Whisper.Web.Identity;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Privacy;

public sealed class YourDataTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    [Fact]
    public async Task A_reader_who_never_joined_is_told_nothing_is_held()
    {
        using var reader = app.NewVisitor();

        var (status, page) = await reader.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Nothing.", page.QuerySelector(".me-page p")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_joined_visitor_sees_their_name_its_date_and_that_nothing_else_exists()
    {
        using var visitor = app.NewVisitor();
        var name = await visitor.JoinAsync();

        var page = (await visitor.GetAsync("/me")).Page;

        var facts = page.QuerySelectorAll(".facts__row").ToDictionary(r => r.QuerySelector("dt")!.TextContent, r => r.QuerySelector("dd")!.TextContent.Trim());
        Assert.Equal(name, facts["Your name"]);
        Assert.Equal(DateTimeOffset.UtcNow.Year, DateTimeOffset.Parse(page.QuerySelector("time")!.GetAttribute("datetime")!, CultureInfo.InvariantCulture).Year);
        Assert.Equal("none", facts["Push subscriptions"]);
        Assert.Equal("none", facts["Ban"]);
    }

    [Fact]
    public async Task Deleting_an_identity_unlinks_the_name_for_good_and_its_messages_show_as_deleted_live()
    {
        using var leaver = app.NewVisitor();
        using var reader = app.NewVisitor();
        var name = await leaver.JoinAsync("random");
        await leaver.PostMessageAsync("random", "my last words here");
        var page = await reader.OpenRoomAsync("random");
        await using var stream = await reader.OpenStreamAsync("random", long.Parse(page.QuerySelector("#messages")!.GetAttribute("data-last-seq")!, CultureInfo.InvariantCulture));

        using var unconfirmed = await leaver.SubmitAsync("/me", "/me/delete", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        using var deleted = await leaver.SubmitAsync("/me", "/me/delete", new() { ["confirm"] = "true" });

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains(deleted.Headers.GetValues("Set-Cookie"), c => c.StartsWith("whisper_id=;", StringComparison.Ordinal));
        var swap = await Html.ParseAsync((await stream.NextAsync("notice")).Data);
        Assert.Equal("(deleted identity)", swap.QuerySelector("[hx-swap-oob=outerHTML] .message__author")!.TextContent);
        var after = await reader.OpenRoomAsync("random");
        var message = after.QuerySelectorAll("article.message").Single(m => m.QuerySelector(".message__body")!.TextContent == "my last words here");
        Assert.Equal("(deleted identity)", message.QuerySelector(".message__author")!.TextContent);
        Assert.DoesNotContain(name, after.DocumentElement.OuterHtml, StringComparison.Ordinal);

        Assert.StartsWith("Nothing.", (await leaver.GetAsync("/me")).Page.QuerySelector(".me-page p")!.TextContent, StringComparison.Ordinal);
        Assert.True(await app.Service<IdentityStore>().WasIssuedAsync(name));
        Assert.NotEqual(name, await leaver.JoinAsync("random"));
    }

    [Fact]
    public async Task A_transfer_code_moves_the_name_to_another_device_once()
    {
        using var phone = app.NewVisitor();
        using var laptop = app.NewVisitor();
        using var stranger = app.NewVisitor();
        var name = await phone.JoinAsync();

        using var issued = await phone.SubmitAsync("/me", "/me/transfer", []);
        var transferPage = await Html.ParseAsync(issued);
        var code = transferPage.QuerySelector(".transfer__code")!.TextContent.Trim();
        Assert.NotNull(transferPage.QuerySelector(".transfer__qr svg[role=img]"));

        using var moved = await laptop.SubmitAsync("/me/receive", "/me/receive", new() { ["code"] = code });
        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        Assert.Equal(name, (await laptop.GetAsync("/me")).Page.QuerySelector(".facts__name strong")!.TextContent);
        Assert.StartsWith("Nothing.", (await phone.GetAsync("/me")).Page.QuerySelector(".me-page p")!.TextContent, StringComparison.Ordinal);

        using var reused = await stranger.SubmitAsync("/me/receive", "/me/receive", new() { ["code"] = code });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("does not work", (await Html.ParseAsync(reused)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transparency_page_counts_what_is_held_without_showing_any_of_it()
    {
        using var visitor = app.NewVisitor();
        var name = await visitor.JoinAsync("tech");
        await visitor.PostMessageAsync("tech", "counted, not shown");

        var (status, page) = await visitor.GetAsync("/transparency");

        Assert.Equal(HttpStatusCode.OK, status);
        var facts = page.QuerySelectorAll(".facts__row").ToDictionary(r => r.QuerySelector("dt")!.TextContent, r => r.QuerySelector("dd")!.TextContent);
        Assert.True(int.Parse(facts["Messages in memory: Tech"], CultureInfo.InvariantCulture) >= 1);
        Assert.True(int.Parse(facts["Client addresses in memory"], CultureInfo.InvariantCulture) >= 1);
        Assert.True(long.Parse(facts["Names ever issued"], CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("every 5s", page.QuerySelector("#figures")!.GetAttribute("hx-trigger"));
        Assert.DoesNotContain(name, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("counted, not shown", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_transparency_page_counts_files_kept_in_a_folder_outside_the_data_folder()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "whisper-tests", "files-" + Guid.NewGuid().ToString("n"));
        await using var shared = new WhisperApp { Settings = { ["Whisper:Files:Path"] = elsewhere } };
        using var visitor = shared.NewVisitor();
        await visitor.JoinAsync();
        await visitor.UploadAsync("lobby", [0x89, 0x50, 0x4E, 0x47, .. new byte[2000]], "counted.png");

        var (_, page) = await visitor.GetAsync("/transparency");

        var facts = page.QuerySelectorAll(".facts__row").ToDictionary(r => r.QuerySelector("dt")!.TextContent, r => r.QuerySelector("dd")!.TextContent);
        Assert.StartsWith("1 (", facts["Files on disk"], StringComparison.Ordinal);
        WhisperApp.TryDelete(elsewhere);
    }
}
