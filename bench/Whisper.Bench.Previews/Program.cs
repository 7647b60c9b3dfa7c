using System.Diagnostics;
using SkiaSharp;
using Whisper.Web.Files;

// What an uploaded image costs before it is shared: reading its header, decoding it (scaled down by the decoder where
// it can), turning and encoding the WebP preview, then stripping the original's metadata. Photo-like images (gradients
// and noise, so they compress like photos) made here, timed over a few runs after a warm-up. Run: dotnet bench/Whisper.Bench.Previews/bin/Release/net10.0/Whisper.Bench.Previews.dll
var folder = Directory.CreateTempSubdirectory("whisper-bench-previews-").FullName;
try
{
    var images = new (string Kind, int Width, int Height, SKEncodedImageFormat Format)[]
    {
        ("JPEG 1600×1200 (2 MP)", 1600, 1200, SKEncodedImageFormat.Jpeg),
        ("JPEG 4000×3000 (12 MP)", 4000, 3000, SKEncodedImageFormat.Jpeg),
        ("PNG 4000×3000 (12 MP)", 4000, 3000, SKEncodedImageFormat.Png),
    };

    Console.WriteLine($"{"image",-24} {"file",9} {"preview",9} {"median ms",10} {"max ms",8}");
    foreach (var (kind, width, height, format) in images)
    {
        var source = Path.Combine(folder, "source");
        File.WriteAllBytes(source, Photo(width, height, format));
        var contentType = format == SKEncodedImageFormat.Png ? "image/png" : "image/jpeg";
        var preview = Path.Combine(folder, "preview");
        PreviewResult made = null!;
        var times = new List<double>();
        for (var run = 0; run < 8; run++)
        {
            var copy = Path.Combine(folder, "copy");
            File.Copy(source, copy, overwrite: true);
            var clock = Stopwatch.StartNew();
            made = ImagePreview.Make(copy, preview, 40_000_000);
            ImageMetadata.Strip(copy, contentType, made.Orientation);
            clock.Stop();
            // The first two are warm-up: the JIT and Skia's first use.
            if (run >= 2)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        Console.WriteLine($"{kind,-24} {new FileInfo(source).Length / 1024,6:N0} KB {made.Preview!.Bytes / 1024,6:N0} KB {times[times.Count / 2],10:N0} {times[^1],8:N0}");
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static byte[] Photo(int width, int height, SKEncodedImageFormat format)
{
    using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
    var pixels = bitmap.GetPixelSpan();
    var random = new Random(42);
    for (var y = 0; y < height; y++)
    {
        for (var x = 0; x < width; x++)
        {
            var i = ((y * width) + x) * 4;
            var noise = random.Next(40);
            pixels[i] = (byte)(60 + (x * 150 / width) + noise);
            pixels[i + 1] = (byte)(40 + (y * 150 / height) + noise);
            pixels[i + 2] = (byte)(200 - (x * 120 / width) + noise / 2);
            pixels[i + 3] = 255;
        }
    }

    using var data = bitmap.Encode(format, 90);
    return data.ToArray();
}
