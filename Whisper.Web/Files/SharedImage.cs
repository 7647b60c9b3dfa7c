namespace Whisper.Web.Files;

/// <summary>
/// What an uploaded image becomes before anyone sees it: refused when its header claims too many pixels; a plain
/// download when Skia cannot read it (a browser would show a broken picture, and an image decoder is no place for
/// bytes nothing could read); otherwise its preview made and its original's location metadata taken out.
/// </summary>
public static class SharedImage
{
    /// <summary>Images prepared at once: each may hold its decoded pixels (160 MB at the default 40 MP limit).</summary>
    private static readonly SemaphoreSlim AtOnce = new(2);

    public static async Task<(Attachment File, bool TooManyPixels)> PrepareAsync(
        string path, Attachment file, string previewPath, long maxPixels, CancellationToken cancellationToken)
    {
        await AtOnce.WaitAsync(cancellationToken);
        try
        {
            return Prepare(path, file, previewPath, maxPixels);
        }
        finally
        {
            AtOnce.Release();
        }
    }

    private static (Attachment File, bool TooManyPixels) Prepare(string path, Attachment file, string previewPath, long maxPixels)
    {
        var made = ImagePreview.Make(path, previewPath, maxPixels);
        if (made.Outcome == PreviewOutcome.TooManyPixels)
        {
            return (file, true);
        }

        // Stripped either way: a download carries its GPS as much as a picture shown inline.
        var bytes = ImageMetadata.Strip(path, file.ContentType, made.Orientation, readable: made.Outcome != PreviewOutcome.Unreadable);
        return made switch
        {
            { Preview: { } preview } => (file with { Bytes = bytes, Preview = preview }, false),
            // Shown as it is, in the fixed box an image without a preview gets, so it keeps moving.
            { Outcome: PreviewOutcome.Animated } => (file with { Bytes = bytes }, false),
            _ => (file with { Bytes = bytes, IsImage = false }, false),
        };
    }
}
