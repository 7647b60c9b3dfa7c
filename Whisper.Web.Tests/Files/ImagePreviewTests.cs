using System.Text;
using SkiaSharp;
using Whisper.Web.Files;

namespace Whisper.Web.Tests.Files;

public sealed class ImagePreviewTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("whisper-previews-").FullName;

    [Fact]
    public void A_1600_by_1200_photo_gets_a_480_by_360_webp_preview_under_60_KB()
    {
        var photo = Write("photo.jpg", TestImages.Jpeg(1600, 1200));

        var made = ImagePreview.Make(photo, Path.Combine(folder, "preview"), 40_000_000);

        Assert.Equal(PreviewOutcome.Made, made.Outcome);
        Assert.Equal(new PreviewImage(480, 360, new FileInfo(Path.Combine(folder, "preview")).Length, "image/webp"), made.Preview);
        Assert.InRange(made.Preview!.Bytes, 1, ImagePreview.MaxBytes);
        using var codec = SKCodec.Create(Path.Combine(folder, "preview"));
        Assert.Equal(SKEncodedImageFormat.Webp, codec.EncodedFormat);
        Assert.Equal((480, 360), (codec.Info.Width, codec.Info.Height));
    }

    [Fact]
    public void A_small_image_is_never_enlarged()
    {
        var pixel = Write("pixel.png", TestImages.Pixel);

        var made = ImagePreview.Make(pixel, Path.Combine(folder, "preview"), 40_000_000);

        Assert.Equal((1, 1), (made.Preview!.Width, made.Preview.Height));
    }

    [Fact]
    public void A_png_claiming_30000_by_30000_pixels_is_refused_from_its_header()
    {
        var bomb = Write("bomb.png", TestImages.PngClaiming(30_000, 30_000));
        // Guard: the file is small and really claims that size, so the refusal comes from reading the header.
        using (var codec = SKCodec.Create(bomb))
        {
            Assert.Equal((30_000, 30_000), (codec.Info.Width, codec.Info.Height));
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var made = ImagePreview.Make(bomb, Path.Combine(folder, "preview"), 40_000_000);

        Assert.Equal(PreviewOutcome.TooManyPixels, made.Outcome);
        Assert.False(File.Exists(Path.Combine(folder, "preview")));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 1_000_000, "the image was decoded");
    }

    [Fact]
    public void Bytes_that_only_start_like_an_image_are_unreadable()
    {
        var fake = Write("fake.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]);

        Assert.Equal(PreviewOutcome.Unreadable, ImagePreview.Make(fake, Path.Combine(folder, "preview"), 40_000_000).Outcome);
    }

    [Fact]
    public void A_phone_photo_tagged_orientation_6_stands_up_in_its_preview()
    {
        // Stored 800×400, left half red; orientation 6 means "turn 90° clockwise to view", so red ends up on top.
        var photo = Write("phone.jpg", TestImages.Jpeg(800, 400, orientation: 6));

        var made = ImagePreview.Make(photo, Path.Combine(folder, "preview"), 40_000_000);

        Assert.Equal((240, 480), (made.Preview!.Width, made.Preview.Height));
        Assert.Equal(6, made.Orientation);
        using var preview = SKBitmap.Decode(Path.Combine(folder, "preview"));
        var top = preview.GetPixel(120, 100);
        var bottom = preview.GetPixel(120, 380);
        Assert.True(top.Red > 150 && top.Blue < 100, $"the top is {top}, not red");
        Assert.True(bottom.Blue > 150 && bottom.Red < 100, $"the bottom is {bottom}, not blue");
    }

    [Fact]
    public void A_jpeg_original_loses_its_gps_and_xmp_but_keeps_its_orientation_and_pixels()
    {
        var bytes = TestImages.Jpeg(800, 400, orientation: 6, gps: true);
        Assert.Contains(TestImages.GpsMarker, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        var photo = Write("gps.jpg", bytes);
        var made = ImagePreview.Make(photo, Path.Combine(folder, "preview"), 40_000_000);

        var length = ImageMetadata.Strip(photo, "image/jpeg", made.Orientation);

        var stripped = File.ReadAllBytes(photo);
        Assert.Equal(stripped.Length, length);
        Assert.DoesNotContain(TestImages.GpsMarker, Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        Assert.DoesNotContain("ns.adobe.com", Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        Assert.DoesNotContain(TestImages.GpsMarker, Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(folder, "preview"))), StringComparison.Ordinal);
        using var codec = SKCodec.Create(photo);
        Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);
        using var original = SKBitmap.Decode(bytes);
        using var after = SKBitmap.Decode(stripped);
        Assert.Equal(original.Bytes, after.Bytes);
    }

    [Fact]
    public void A_png_original_loses_its_exif_and_text_chunks()
    {
        var png = Write("gps.png", TestImages.PngWithLocation());

        ImageMetadata.Strip(png, "image/png", 1);

        Assert.Equal(TestImages.Pixel, File.ReadAllBytes(png));
    }

    [Fact]
    public void A_webp_original_loses_its_exif_and_xmp_chunks_and_says_so_in_its_header()
    {
        using var bitmap = new SKBitmap(4, 4);
        bitmap.Erase(SKColors.Teal);
        var plain = bitmap.Encode(SKEncodedImageFormat.Webp, 80).ToArray();
        var webp = Write("gps.webp", WithWebpMetadata(plain));

        var length = ImageMetadata.Strip(webp, "image/webp", 1);

        var stripped = File.ReadAllBytes(webp);
        Assert.DoesNotContain(TestImages.GpsMarker, Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        Assert.Equal(length - 8, BitConverter.ToUInt32(stripped, 4));
        Assert.Equal(0, stripped[20] & 0x0C);
        using var before = SKBitmap.Decode(plain);
        using var after = SKBitmap.Decode(stripped);
        Assert.Equal(before.Bytes, after.Bytes);
    }

    [Fact]
    public void An_animated_gif_gets_no_still_preview_and_stays_an_image()
    {
        byte[] frame = [0x21, 0xF9, 4, 0, 10, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0];
        var gif = Write("moving.gif", [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, .. frame, .. frame, 0x3B]);

        var made = ImagePreview.Make(gif, Path.Combine(folder, "preview"), 40_000_000);

        Assert.Equal(PreviewOutcome.Animated, made.Outcome);
        Assert.False(File.Exists(Path.Combine(folder, "preview")));
    }

    [Fact]
    public void A_motion_photo_loses_the_video_after_its_end_and_every_segment_that_does_not_draw_it()
    {
        var picture = TestImages.Jpeg(64, 48);
        var marker = Encoding.ASCII.GetBytes(TestImages.GpsMarker);
        // A comment and an APP11 (C2PA) segment after SOI, and a "video" with a location after EOI.
        byte[] comment = [0xFF, 0xFE, 0, (byte)(marker.Length + 2), .. marker];
        byte[] app11 = [0xFF, 0xEB, 0, (byte)(marker.Length + 2), .. marker];
        var photo = Write("motion.jpg", [.. picture[..2], .. comment, .. app11, .. picture[2..], .. "ftypmp42"u8, .. marker]);

        ImageMetadata.Strip(photo, "image/jpeg", 1);

        var stripped = File.ReadAllBytes(photo);
        Assert.DoesNotContain(TestImages.GpsMarker, Encoding.Latin1.GetString(stripped), StringComparison.Ordinal);
        Assert.Equal([0xFF, 0xD9], stripped[^2..]);
        using var before = SKBitmap.Decode(picture);
        using var after = SKBitmap.Decode(stripped);
        Assert.Equal(before.Bytes, after.Bytes);
    }

    [Fact]
    public void A_jpeg_whose_segment_runs_past_its_end_is_cut_there_and_leaves_no_copy_behind()
    {
        var broken = Write("broken.jpg", [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, .. "Exif\0\0"u8, 1, 2, 3]);

        var length = ImageMetadata.Strip(broken, "image/jpeg", 1);

        Assert.Equal(2, length);
        Assert.Equal([broken], Directory.GetFiles(folder));
    }

    [Fact]
    public void Nothing_after_a_png_ends_is_kept()
    {
        var png = Write("appended.png", [.. TestImages.Pixel, .. Encoding.ASCII.GetBytes(TestImages.GpsMarker)]);

        ImageMetadata.Strip(png, "image/png", 1);

        Assert.Equal(TestImages.Pixel, File.ReadAllBytes(png));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The simple WebP made extended (VP8X, RIFF container spec) with EXIF and XMP chunks announced in its flags.</summary>
    private static byte[] WithWebpMetadata(byte[] simple)
    {
        static byte[] Chunk(string type, byte[] data) =>
            [.. Encoding.ASCII.GetBytes(type), .. BitConverter.GetBytes((uint)data.Length), .. data, .. data.Length % 2 == 1 ? new byte[1] : []];
        byte[] canvas = [0x0C, 0, 0, 0, 3, 0, 0, 3, 0, 0]; // flags EXIF|XMP, reserved, width-1 = 3, height-1 = 3 (24-bit each)
        var marker = Encoding.ASCII.GetBytes(TestImages.GpsMarker);
        byte[] body = [.. "WEBP"u8, .. Chunk("VP8X", canvas), .. simple[12..], .. Chunk("EXIF", marker), .. Chunk("XMP ", marker)];
        return [.. "RIFF"u8, .. BitConverter.GetBytes((uint)body.Length), .. body];
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
