using Htmx;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Whisper.Web.Files;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

/// <summary>Sharing a file in a room, and serving it back as a safe download.</summary>
public sealed class FilesController(
    RoomRegistry rooms, RoomChat chat, RoomPages pages, Visitors visitors, ClientAddresses addresses, FileStore store,
    IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, IOptions<Files.FileOptions> options) : Controller
{
    /// <summary>Multipart framing and the caption around the file.</summary>
    private const long Envelope = 256 * 1024;

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

        var limit = options.Value.MaxBytes;
        var me = await visitors.CurrentAsync(HttpContext);
        var early = me is null ? new Refusal("Join first to share files: choose Join below.", StatusCodes.Status403Forbidden)
            : Request.ContentLength > limit + Envelope ? new Refusal($"Files can be at most {options.Value.MaxSize}.", StatusCodes.Status413PayloadTooLarge)
            : chat.Precheck(HttpContext, room, me);
        if (early is not null)
        {
            return this.Refuse(pages, room, me, chat.MaxLength, null, early);
        }

        // Kestrel stops a body that runs past the file limit plus its envelope; FileStore stops the file itself.
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + Envelope;
        }

        addresses.SeenAs(HttpContext, me!.Name);
        UploadForm form;
        try
        {
            form = await UploadReader.ReadAsync(HttpContext, store, antiforgery, antiforgeryOptions.Value.HeaderName!);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or InvalidDataException or IOException or OperationCanceledException)
        {
            var tooLarge = exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
            return this.Refuse(pages, room, me, chat.MaxLength, null, tooLarge
                ? new Refusal($"Files can be at most {options.Value.MaxSize}.", StatusCodes.Status413PayloadTooLarge)
                : new Refusal("The upload was cut off before it finished. Try again.", StatusCodes.Status400BadRequest));
        }

        if (form.Refusal is { } refused)
        {
            return this.Refuse(pages, room, me, chat.MaxLength, form.Text, new Refusal(refused.Message, refused.Status));
        }

        var (key, keyError) = SendKey.Read(form.Key);
        var posted = keyError is null
            ? await chat.PostAsync(HttpContext, room, me, form.Text, form.File, key)
            : new PostResult(null, new Refusal(keyError, StatusCodes.Status422UnprocessableEntity));
        if (posted.Refusal is not null || posted.Repeated)
        {
            // Refused, or sent before (this copy's answer was the one lost): the file just stored is not needed.
            store.Delete(form.File!.Id);
        }

        if (posted.Refusal is { } refusal)
        {
            return this.Refuse(pages, room, me, chat.MaxLength, form.Text, refusal);
        }

        return Request.IsHtmx()
            ? PartialView("_Composer", new ComposerForm(room.Name, chat.MaxLength, Focus: true) { Echo = posted.ShadowHtml })
            : this.SeeOther(room.Settings.Path + (posted.Message is { } message ? "#" + message.DomId : "#composer"));
    }

    /// <summary>The file, sandboxed: images inline, everything else as an attachment; ranges for big files and resumes.</summary>
    [HttpGet("/files/{id}/{name}")]
    public IActionResult Download([FromRoute] string id)
    {
        if (store.Find(id) is not { } file)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("FileGone");
        }

        var disposition = new ContentDispositionHeaderValue(file.IsImage ? "inline" : "attachment");
        disposition.SetHttpFileName(file.Name);
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        Response.Headers.CacheControl = "private, max-age=3600";
        return PhysicalFile(store.PathOf(file), file.ContentType, enableRangeProcessing: true);
    }
}
