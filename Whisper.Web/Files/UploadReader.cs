using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using Whisper.Web.Rooms;

namespace Whisper.Web.Files;

/// <summary>What an upload form carried: the caption, the stored file, or why it was refused.</summary>
public sealed record UploadForm(string? Text, Attachment? File, Refusal? Refusal)
{
    /// <summary>The composer's send key, as typed into the form (checked by the room).</summary>
    public string? Key { get; init; }
}

/// <summary>
/// Reads a multipart upload as it streams in, never buffering the file: the caption and the antiforgery token
/// are small fields; the file goes straight to <see cref="FileStore"/>, which counts bytes against the limit.
/// The token is checked from the header (htmx) or from its field, which the composer places first.
/// </summary>
public static class UploadReader
{
    private const int MaxFieldBytes = 64 * 1024;
    private const string TokenField = "__RequestVerificationToken";

    /// <summary>Reads the upload; a refusal is written in the uploader's language, as <paramref name="words"/> reads it.</summary>
    public static async Task<UploadForm> ReadAsync(HttpContext context, FileStore store, IAntiforgery antiforgery, string tokenHeader, IStringLocalizer<Languages.RoomsText> words)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Refused(words["Rooms.Refusal.NoFile"], StatusCodes.Status400BadRequest);
        }

        var tokenChecked = request.Headers.ContainsKey(tokenHeader) && await IsValidAsync(context, antiforgery);
        string? text = null;
        string? key = null;
        Attachment? file = null;
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFileDisposition() && name == "file" && file is null)
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    if (string.IsNullOrEmpty(fileName))
                    {
                        continue;
                    }

                    var (stored, refusal) = await store.SaveAsync(section.Body, fileName, context.RequestAborted);
                    if (refusal is not null)
                    {
                        return new UploadForm(text, null, refusal);
                    }

                    file = stored;
                }
                else if (name == "text")
                {
                    text = await ReadFieldAsync(section.Body, context.RequestAborted);
                }
                else if (name == "key")
                {
                    key = await ReadFieldAsync(section.Body, context.RequestAborted);
                }
                else if (name == TokenField && !tokenChecked)
                {
                    request.Headers[tokenHeader] = await ReadFieldAsync(section.Body, context.RequestAborted);
                    tokenChecked = await IsValidAsync(context, antiforgery);
                }
            }
        }
        catch
        {
            // A bad part after the file (a field too long, part headers too big, no closing boundary, the client
            // gone): the answer is a refusal, so the stored file goes, and with it its place in the total.
            if (file is not null)
            {
                store.Delete(file.Id);
            }

            throw;
        }

        if (!tokenChecked)
        {
            // Stored before its token arrived (a form with the token last): nothing stays without a valid one.
            if (file is not null)
            {
                store.Delete(file.Id);
            }

            return Refused(words["Rooms.Refusal.FormExpired"], StatusCodes.Status400BadRequest);
        }

        return file is null ? new UploadForm(text, null, new Refusal(words["Rooms.Refusal.NoFile"], StatusCodes.Status422UnprocessableEntity)) : new UploadForm(text, file, null) { Key = key };
    }

    private static UploadForm Refused(string message, int status) => new(null, null, new Refusal(message, status));

    private static async Task<bool> IsValidAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxFieldBytes)
        {
            throw new InvalidDataException("A form field is too long.");
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}
