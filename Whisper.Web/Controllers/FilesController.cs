using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using Whisper.Web.Files;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>Sharing a file in a room, and serving it back as a safe download.</summary>
public sealed class FilesController(RoomRegistry rooms, RoomChat chat, RoomPageBuilder pages, Membership membership, FileSharing sharing, FileStore store) : Controller
{
    /// <summary>Parameterless on purpose: binding a parameter would make MVC read (and buffer) the form before the action.</summary>
    [HttpPost("/chat/{room}/files")]
    [StreamedBody]
    [IgnoreAntiforgeryToken]
    [DisableRequestSizeLimit]
    [EnableRateLimiting(RateLimits.Uploads)]
    public async Task<IActionResult> Upload()
    {
        if (rooms.Find(RouteData.Values["room"] as string) is not { } room)
        {
            return NotFound();
        }

        var me = await membership.CurrentAsync(HttpContext);
        var shared = await sharing.ShareAsync(HttpContext, room, me);
        if (shared.Refusal is { } refusal)
        {
            return this.Refuse(pages, room, me, chat.MaxLength, shared.Caption, refusal);
        }

        return this.Posted(room, chat.MaxLength, shared.Message, shared.ShadowHtml);
    }

    /// <summary>The file, sandboxed: images inline, everything else as an attachment; ranges for big files and resumes.</summary>
    [HttpGet("/files/{id}/{name}")]
    public IActionResult Download([FromRoute] string id) =>
        store.Find(id) is { } file ? Serve(file, store.PathOf(file), file.ContentType) : Gone();

    /// <summary>An image's preview: served as its file is, for as long as its file is, to whoever may see the file.</summary>
    [HttpGet("/files/{id}/preview/{name}")]
    public IActionResult Preview([FromRoute] string id) =>
        store.Find(id) is { Preview: { } preview } file ? Serve(file, store.PreviewPathOf(file), preview.ContentType) : Gone();

    private PhysicalFileResult Serve(Attachment file, string path, string contentType)
    {
        var disposition = new ContentDispositionHeaderValue(file.IsImage ? "inline" : "attachment");
        disposition.SetHttpFileName(file.Name);
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        Response.Headers.CacheControl = "private, max-age=3600";
        return PhysicalFile(path, contentType, enableRangeProcessing: true);
    }

    private ViewResult Gone()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("FileGone");
    }
}
