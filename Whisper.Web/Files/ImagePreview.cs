using SkiaSharp;

namespace Whisper.Web.Files;

/// <summary>A shared image's small copy for the room: its pixels, size on disk and type.</summary>
public sealed record PreviewImage(int Width, int Height, long Bytes, string ContentType);

/// <summary>What reading an uploaded image gave: a preview, too many pixels to decode, or no image Skia can read.</summary>
public enum PreviewOutcome
{
    Made,
    TooManyPixels,
    Unreadable,

    /// <summary>More than one frame (an animated GIF or WebP): a still copy would stop it, so the original is shown.</summary>
    Animated,
}

/// <summary>The outcome, the preview when made, and the original's EXIF orientation (1 to 8, 1 upright).</summary>
public sealed record PreviewResult(PreviewOutcome Outcome, PreviewImage? Preview = null, int Orientation = 1);

/// <summary>
/// Makes the small copy a room shows of a shared image. The header is read first and an image claiming more pixels
/// than allowed is refused before a byte of it is decoded (a few KB of PNG can claim gigabytes of pixels); JPEGs are
/// decoded already scaled down by their decoder. The copy is re-encoded, so it carries no metadata, and it stands the
/// way the camera's orientation tag says.
/// </summary>
public static class ImagePreview
{
    /// <summary>The longest side: a 240 px box in the message, at twice the density for phones' screens.</summary>
    public const int LongestSide = 480;

    public const int MaxBytes = 60 * 1024;

    private static readonly int[] Qualities = [80, 65, 50, 35];

    public static PreviewResult Make(string sourcePath, string previewPath, long maxPixels)
    {
        using var codec = SKCodec.Create(sourcePath);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            return new(PreviewOutcome.Unreadable);
        }

        if ((long)codec.Info.Width * codec.Info.Height > maxPixels)
        {
            return new(PreviewOutcome.TooManyPixels);
        }

        if (codec.FrameCount > 1)
        {
            return new(PreviewOutcome.Animated);
        }

        using var decoded = Decode(codec);
        if (decoded is null)
        {
            return new(PreviewOutcome.Unreadable);
        }

        using var oriented = Orient(decoded, codec.EncodedOrigin, Fit(codec.Info.Width, codec.Info.Height));
        foreach (var (format, type) in new[] { (SKEncodedImageFormat.Webp, "image/webp"), (SKEncodedImageFormat.Jpeg, "image/jpeg") })
        {
            foreach (var quality in Qualities)
            {
                using var encoded = oriented.Encode(format, quality);
                if (encoded is null)
                {
                    // This build cannot write the format: try the next one.
                    break;
                }

                if (encoded.Size <= MaxBytes)
                {
                    using (var output = File.Create(previewPath))
                    {
                        encoded.SaveTo(output);
                    }

                    return new(PreviewOutcome.Made, new PreviewImage(oriented.Width, oriented.Height, encoded.Size, type), (int)codec.EncodedOrigin);
                }
            }
        }

        return new(PreviewOutcome.Unreadable);
    }

    /// <summary>The preview's size before orientation: the longest side at most <see cref="LongestSide"/>, never enlarged.</summary>
    private static SKSizeI Fit(int width, int height)
    {
        var scale = Math.Min(1.0, (double)LongestSide / Math.Max(width, height));
        return new SKSizeI(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>
    /// Decodes at the smallest size the decoder offers that is still at least the preview's (JPEG: eighths of the full
    /// size), so a 12 MP photo is never held whole in memory.
    /// </summary>
    private static SKImage? Decode(SKCodec codec)
    {
        var target = Fit(codec.Info.Width, codec.Info.Height);
        var size = codec.Info.Size;
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (scaled.Width >= target.Width && scaled.Height >= target.Height)
            {
                size = scaled;
                break;
            }
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        // A file cut short still shows what arrived, as browsers show it.
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        bitmap.SetImmutable();
        return SKImage.FromBitmap(bitmap);
    }

    /// <summary>Draws <paramref name="image"/> at <paramref name="size"/> (as stored), turned upright as EXIF orientation says.</summary>
    private static SKImage Orient(SKImage image, SKEncodedOrigin origin, SKSizeI size)
    {
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swaps ? (size.Height, size.Width) : (size.Width, size.Height);
        // x' = ScaleX·x + SkewX·y + TransX, y' = SkewY·x + ScaleY·y + TransY: the eight TIFF orientations (TIFF 6.0, tag 274).
        var turn = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
            _ => SKMatrix.Identity,
        };

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Could not make a surface for an image preview.");
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.SetMatrix(turn);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, size.Width, size.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return surface.Snapshot();
    }
}
