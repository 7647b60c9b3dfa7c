using System.Net;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Files;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>Shared images in the pseudo-language: the room showing a preview, and the refusal of an image with too many pixels.</summary>
public sealed class UntranslatedPreviewsTests
{
    [Fact]
    public async Task A_room_with_a_preview_and_the_refusal_of_a_huge_image_have_only_words_from_the_resources()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Files:MaxImagePixels"] = "1000000" } };
        using var member = app.NewVisitor();
        member.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Language.Pseudo);
        await member.JoinAsync("tech");
        using var shared = await member.UploadAsync("tech", TestImages.Jpeg(640, 480), "sea.jpg");
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);

        var room = await member.OpenRoomAsync("tech");
        Assert.NotNull(room.QuerySelector("img.attachment__preview[width]"));
        // What the people typed and named is data: their names, the room's own title, the file's name.
        foreach (var data in room.QuerySelectorAll(".message__author, .me__name, .me-menu__name, .person, .room__title, .room__description, .people__about, .room-nav__link, .attachment__meta a").ToList())
        {
            data.Remove();
        }

        room.QuerySelector("img.attachment__preview")!.RemoveAttribute("alt");
        room.Title = "[!! !!]";
        UntranslatedTextTests.AssertAllFromResources(room, app, "a room with an image preview");

        using var refused = await member.UploadAsync("tech", TestImages.PngClaiming(2000, 1000), "huge.png");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        // The composer htmx swaps in, with the sentence under it, walked as a page.
        var composer = await refused.Content.ReadAsStringAsync();
        Assert.Contains("composer__error", composer, StringComparison.Ordinal);
        var page = await Html.ParseAsync($"<!doctype html><html lang=\"{Language.Pseudo}\"><head><title>[!! !!]</title></head><body>{composer}</body></html>");
        foreach (var typed in page.QuerySelectorAll("textarea"))
        {
            typed.TextContent = "";
        }

        UntranslatedTextTests.AssertAllFromResources(page, app, "an image with too many pixels");
    }
}
