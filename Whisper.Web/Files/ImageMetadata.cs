using System.Buffers.Binary;

namespace Whisper.Web.Files;

/// <summary>
/// Takes the metadata out of a shared image's original, pixels untouched: a phone's photo carries where it was taken
/// (EXIF GPS, XMP), and it is served to everyone in the room. JPEG loses its APP1 (EXIF, XMP) and APP13 (IPTC)
/// segments, keeping the orientation alone in a minimal EXIF so the photo still stands up; PNG loses eXIf and its text
/// chunks; WebP its EXIF and XMP chunks. The bytes from the first scan on (JPEG) are copied as they are.
/// </summary>
public static class ImageMetadata
{
    /// <summary>Rewrites the file at <paramref name="path"/> without its metadata; returns its new length.</summary>
    public static long Strip(string path, string contentType, int orientation)
    {
        var clean = path + ".clean";
        using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
        using (var output = new FileStream(clean, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024))
        {
            switch (contentType)
            {
                case "image/jpeg":
                    StripJpeg(input, output, orientation);
                    break;
                case "image/png":
                    StripPng(input, output);
                    break;
                case "image/webp":
                    StripWebp(input, output);
                    break;
                default:
                    input.CopyTo(output);
                    break;
            }
        }

        File.Move(clean, path, overwrite: true);
        return new FileInfo(path).Length;
    }

    /// <summary>JPEG (ITU T.81 B.1.1): markers and length-prefixed segments up to the first scan (SOS, 0xDA).</summary>
    private static void StripJpeg(Stream input, Stream output, int orientation)
    {
        Copy(input, output, 2);
        var header = new byte[4];
        int read;
        while ((read = input.Read(header, 0, 2)) > 0)
        {
            if (read < 2 || header[0] != 0xFF)
            {
                // Not a marker where one belongs: the rest is copied as it came.
                input.Seek(-read, SeekOrigin.Current);
                break;
            }

            var marker = header[1];
            if (marker == 0xFF)
            {
                // A fill byte: the marker is the next byte.
                input.Seek(-1, SeekOrigin.Current);
                continue;
            }

            if (marker == 0xDA || input.Read(header, 2, 2) != 2)
            {
                input.Seek(-2, SeekOrigin.Current);
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) - 2;
            if (marker is 0xE1 or 0xED)
            {
                var segment = new byte[Math.Max(0, length)];
                input.ReadExactly(segment);
                if (marker == 0xE1 && segment.AsSpan().StartsWith("Exif\0\0"u8) && orientation is > 1 and <= 8)
                {
                    output.Write(OrientationOnly(orientation));
                }

                continue;
            }

            output.Write(header);
            Copy(input, output, length);
        }

        input.CopyTo(output);
    }

    /// <summary>An APP1 segment whose EXIF (TIFF 6.0, big-endian) holds one tag: 274, the orientation.</summary>
    private static byte[] OrientationOnly(int orientation) =>
    [
        0xFF, 0xE1, 0, 34, .. "Exif\0\0"u8, (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
        0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>PNG (ISO 15948, 5.3): length, type, data, CRC. Ancillary text and EXIF chunks are left out.</summary>
    private static void StripPng(Stream input, Stream output)
    {
        Copy(input, output, 8);
        var header = new byte[8];
        while (input.Read(header, 0, 8) == 8)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header.AsSpan(4, 4);
            if (length > input.Length - input.Position)
            {
                // Not a chunk: keep the rest as it came; Skia read the image, so it is what a browser will read.
                output.Write(header);
                break;
            }

            if (type.SequenceEqual("eXIf"u8) || type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8))
            {
                input.Seek(length + 4, SeekOrigin.Current);
                continue;
            }

            output.Write(header);
            Copy(input, output, length + 4);
        }

        input.CopyTo(output);
    }

    /// <summary>WebP (RIFF, Google's container spec): chunks with even padding; VP8X's flags say EXIF and XMP are there.</summary>
    private static void StripWebp(Stream input, Stream output)
    {
        Copy(input, output, 12);
        var header = new byte[8];
        while (input.Read(header, 0, 8) == 8)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var padded = size + (size & 1);
            var type = header.AsSpan(0, 4);
            if (padded > input.Length - input.Position)
            {
                output.Write(header);
                break;
            }

            if (type.SequenceEqual("EXIF"u8) || type.SequenceEqual("XMP "u8))
            {
                input.Seek(padded, SeekOrigin.Current);
                continue;
            }

            output.Write(header);
            if (type.SequenceEqual("VP8X"u8) && padded >= 1)
            {
                // Bits 3 (EXIF) and 2 (XMP) of the first flags byte: the chunks they announce are gone.
                output.WriteByte((byte)(input.ReadByte() & ~0x0C));
                padded--;
            }

            Copy(input, output, padded);
        }

        input.CopyTo(output);
        // The RIFF size counts everything after itself and "RIFF".
        Span<byte> riffSize = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(riffSize, (uint)(output.Length - 8));
        output.Position = 4;
        output.Write(riffSize);
    }

    private static void Copy(Stream input, Stream output, long count)
    {
        var buffer = new byte[(int)Math.Min(Math.Max(count, 1), 64 * 1024)];
        while (count > 0)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                return;
            }

            output.Write(buffer, 0, read);
            count -= read;
        }
    }
}
