using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Whisper.Web.Tests.Files;

/// <summary>Images made in the test, byte by byte where the point is the bytes: EXIF with GPS, a PNG claiming a huge size.</summary>
internal static class TestImages
{
    /// <summary>Written into the GPS IFD (GPSMapDatum) and the XMP packet, so a test can look for it in what is served.</summary>
    public const string GpsMarker = "WHISPER-GPS-51.50072N-0.12755W";

    /// <summary>A real 1×1 PNG.</summary>
    public static readonly byte[] Pixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>
    /// A photo-like JPEG (gradients and noise, so it compresses like a photo): the left half reddish, the right half
    /// bluish, so a test can tell which way it was turned. With <paramref name="gps"/>, an EXIF segment holding the
    /// orientation and a GPS position, and an XMP one naming the place too.
    /// </summary>
    public static byte[] Jpeg(int width, int height, int orientation = 1, bool gps = false)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var random = new Random(width * 31 + height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var noise = random.Next(40);
                var shade = (byte)(80 + (y * 100 / height) + noise);
                bitmap.SetPixel(x, y, x < width / 2 ? new SKColor(220, (byte)(shade / 3), 40) : new SKColor(40, (byte)(shade / 3), 220));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();
        var exif = orientation != 1 || gps ? Segment(0xE1, [.. "Exif\0\0"u8, .. Tiff(orientation, gps)]) : [];
        var xmp = gps ? Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes($"<x:xmpmeta><exif:GPSLatitude>{GpsMarker}</exif:GPSLatitude></x:xmpmeta>")]) : [];
        return [.. jpeg[..2], .. exif, .. xmp, .. jpeg[2..]];
    }

    /// <summary>
    /// A well-formed PNG whose header claims <paramref name="width"/>×<paramref name="height"/> pixels and whose data is
    /// a few bytes: the shape of a decompression bomb, without the gigabytes.
    /// </summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[1000]);
        }

        return [0x89, .. "PNG\r\n\x1a\n"u8, .. Chunk("IHDR", header), .. Chunk("IDAT", pixels.ToArray()), .. Chunk("IEND", [])];
    }

    /// <summary>A PNG carrying the GPS marker in an eXIf chunk and an iTXt (XMP) chunk before its pixels.</summary>
    public static byte[] PngWithLocation()
    {
        var tiff = Tiff(1, gps: true);
        var xmp = Encoding.UTF8.GetBytes("XML:com.adobe.xmp\0\0\0\0\0" + GpsMarker);
        return [.. Pixel[..33], .. Chunk("eXIf", tiff), .. Chunk("iTXt", xmp), .. Pixel[33..]];
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(payload.Length + 2));
        return [0xFF, marker, .. length, .. payload];
    }

    /// <summary>
    /// A big-endian TIFF (EXIF 2.3): IFD0 with the orientation and a pointer to the GPS IFD, which holds the latitude
    /// (three rationals) and GPSMapDatum (the marker).
    /// </summary>
    private static byte[] Tiff(int orientation, bool gps)
    {
        var tiff = new MemoryStream();
        void U16(int value) => tiff.Write([(byte)(value >> 8), (byte)value]);
        void U32(long value) => tiff.Write([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        void Entry(int tag, int type, int count, long value, bool shortValue = false)
        {
            U16(tag);
            U16(type);
            U32(count);
            if (shortValue)
            {
                U16((int)value);
                U16(0);
            }
            else
            {
                U32(value);
            }
        }

        tiff.Write("MM"u8);
        U16(42);
        U32(8);
        var entries = gps ? 2 : 1;
        U16(entries);
        Entry(0x0112, 3, 1, orientation, shortValue: true);
        const int gpsIfd = 8 + 2 + (2 * 12) + 4;
        if (gps)
        {
            Entry(0x8825, 4, 1, gpsIfd);
        }

        U32(0);
        if (!gps)
        {
            return tiff.ToArray();
        }

        var marker = Encoding.ASCII.GetBytes(GpsMarker + "\0");
        const int latitude = gpsIfd + 2 + (3 * 12) + 4;
        U16(3);
        Entry(0x0001, 2, 2, (long)'N' << 24);
        Entry(0x0002, 5, 3, latitude);
        Entry(0x0012, 2, marker.Length, latitude + 24);
        U32(0);
        foreach (var (numerator, denominator) in new[] { (51, 1), (30, 1), (2592, 100) })
        {
            U32(numerator);
            U32(denominator);
        }

        tiff.Write(marker);
        return tiff.ToArray();
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typed.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(typed));
        return chunk;
    }

    /// <summary>PNG's CRC-32 (ISO 3309), over the chunk's type and data.</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
