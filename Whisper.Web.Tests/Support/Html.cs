using AngleSharp;
using AngleSharp.Dom;

namespace Whisper.Web.Tests.Support;

/// <summary>Parses pages as a browser would, so tests assert on what a person sees.</summary>
public static class Html
{
    public static async Task<IDocument> ParseAsync(string html)
    {
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html));
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        await ParseAsync(await response.Content.ReadAsStringAsync());

    /// <summary>The text of every message body, in page order.</summary>
    public static IReadOnlyList<string> MessageBodies(this IDocument document) =>
        document.QuerySelectorAll(".message .message__body").Select(e => e.TextContent.Trim()).ToList();

    /// <summary>The last sequence the room page was rendered with: where its stream resumes.</summary>
    public static long LastSequence(this IDocument page) =>
        long.Parse(page.QuerySelector("#messages")!.GetAttribute("data-last-seq")!, System.Globalization.CultureInfo.InvariantCulture);
}
