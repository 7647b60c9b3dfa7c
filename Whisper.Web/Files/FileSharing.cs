using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;

namespace Whisper.Web.Files;

/// <summary>
/// What became of an upload: refused (with the caption, to give it back as typed), or posted: its message, or for a
/// shadow-muted name the markup only its author sees.
/// </summary>
public sealed record UploadResult(Refusal? Refusal, string? Caption = null, ChatMessage? Message = null, string? ShadowHtml = null);

/// <summary>
/// Sharing a file in a room, from the request to the message: who may send it, the body read as it streams in and
/// stored, then posted with its caption and send key. A file that ends up not posted is deleted.
/// </summary>
public sealed class FileSharing(
    RoomChat chat, PostingRules rules, ClientAddresses addresses, FileStore store,
    IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, IOptions<FileSharingOptions> options, Metrics.WhisperMeter meter,
    IStringLocalizer<RoomsText> words)
{
    /// <summary>Multipart framing and the caption around the file.</summary>
    private const long Envelope = 256 * 1024;

    public async Task<UploadResult> ShareAsync(HttpContext context, Room room, Visitor? me)
    {
        var limit = options.Value.MaxBytes;
        // Refused before a byte is read, so a stranger, a banned name or a closed room never fills the disk.
        var early = me is null ? new Refusal(words["Rooms.Refusal.JoinToShare"], StatusCodes.Status403Forbidden)
            : context.Request.ContentLength > limit + Envelope ? TooLarge
            : rules.CheckAuthor(context, room.Settings, me);
        if (early is not null)
        {
            return new UploadResult(early);
        }

        // Kestrel stops a body that runs past the file limit plus its envelope; FileStore stops the file itself.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + Envelope;
        }

        addresses.SeenAs(context, me!.Name);
        UploadForm form;
        try
        {
            form = await UploadReader.ReadAsync(context, store, antiforgery, antiforgeryOptions.Value.HeaderName!, words);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or InvalidDataException or IOException or OperationCanceledException)
        {
            return new UploadResult(exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? TooLarge
                : new Refusal(words["Rooms.Refusal.UploadCutOff"], StatusCodes.Status400BadRequest));
        }

        if (form.Refusal is { } refused)
        {
            return new UploadResult(refused, form.Text);
        }

        // Posting checks the rules as every post does: a ban or a closed room that came while the file was on its way
        // still refuses it.
        var (key, keyError) = SendKey.Read(form.Key, words);
        var posted = keyError is null
            ? await chat.PostAsync(context, room, me, form.Text, form.File, key)
            : new PostResult(null, new Refusal(keyError, StatusCodes.Status422UnprocessableEntity));
        if (posted.Refusal is not null || posted.Repeated)
        {
            // Refused, or sent before (this copy's answer was the one lost): the file just stored is not needed.
            store.Delete(form.File!.Id);
        }
        else
        {
            meter.Uploads.Add(1);
        }

        return new UploadResult(posted.Refusal, form.Text, posted.Message, posted.ShadowHtml);
    }

    private Refusal TooLarge => new(words["Rooms.Refusal.FileTooLarge", FileSize.Describe(words, options.Value.MaxBytes)], StatusCodes.Status413PayloadTooLarge);
}
