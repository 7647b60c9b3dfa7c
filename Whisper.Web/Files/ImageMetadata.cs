using System.Buffers.Binary;

namespace Whisper.Web.Files;

/// <summary>
/// Takes the metadata out of a shared image's original, pixels untouched: a phone's photo carries where it was taken
/// (EXIF GPS, XMP), and it is served to everyone in the room. JPEG keeps only the segments that draw the picture
/// and nothing after its end, with the orientation alone in a minimal EXIF so the photo still stands up; PNG loses
/// eXIf and its text chunks; WebP its EXIF and XMP chunks. Other formats (HEIC, TIFF…) are not images here: they are
/// shared as downloads, as uploaded.
/// </summary>
public static class ImageMetadata
{
    /// <summary>
    /// Rewrites the file at <paramref name="path"/> without its metadata; returns its new length. A file no decoder could
    /// read (<paramref name="readable"/> false: it is shared as a download) keeps what follows a surprise in its structure
    /// as it came, rather than losing it, once the metadata before it is out.
    /// </summary>
    public static long Strip(string path, string contentType, int orientation, bool readable = true)
    {
        var clean = path + ".clean";
        try
        {
            Write(path, clean, contentType, orientation, readable);
            File.Move(clean, path, overwrite: true);
            return new FileInfo(path).Length;
        }
        finally
        {
            // Whatever went wrong, no half-written copy is left beside the upload.
            File.Delete(clean);
        }
    }

    private static void Write(string path, string clean, string contentType, int orientation, bool readable)
    {
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

            if (!readable)
            {
                output.Seek(0, SeekOrigin.End);
                input.CopyTo(output);
            }
        }
    }

    /// <summary>
    /// JPEG (ITU T.81 B.1.1): marker segments kept only when they draw the picture (frame, tables, scans, restart
    /// interval), name its colours (APP2 ICC profile, APP14 Adobe) or are JFIF's APP0; the entropy-coded data copied;
    /// nothing after the end-of-image marker, where a phone's "motion photo" keeps a video with its own location, and
    /// nothing of a segment that runs past the file's end.
    /// </summary>
    private static void StripJpeg(Stream input, Stream output, int orientation)
    {
        Copy(input, output, 2);
        var inScan = false;
        var segment = new byte[ushort.MaxValue];
        int next;
        while ((next = input.ReadByte()) >= 0)
        {
            if (next != 0xFF)
            {
                if (!inScan)
                {
                    // Bytes where a marker belongs: not a picture any more, so nothing more is kept in one.
                    input.Seek(-1, SeekOrigin.Current);
                    return;
                }

                output.WriteByte((byte)next);
                continue;
            }

            var marker = input.ReadByte();
            while (marker == 0xFF)
            {
                // Fill bytes before a marker.
                marker = input.ReadByte();
            }

            if (marker < 0)
            {
                return;
            }

            if (marker == 0xD9)
            {
                output.Write([0xFF, 0xD9]);
                return;
            }

            if (marker is 0x00 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                // A stuffed 0xFF in the scan, or a marker without a length (TEM, restarts): part of the picture.
                output.Write([0xFF, (byte)marker]);
                continue;
            }

            var (high, low) = (input.ReadByte(), input.ReadByte());
            var length = ((high << 8) | low) - 2;
            if (low < 0 || length < 0 || length > input.Length - input.Position)
            {
                input.Seek(-Math.Min(4, input.Position), SeekOrigin.Current);
                return;
            }

            input.ReadExactly(segment, 0, length);
            var content = segment.AsSpan(0, length);
            if (Draws(marker, content))
            {
                output.Write([0xFF, (byte)marker, (byte)high, (byte)low]);
                output.Write(content);
            }
            else if (marker == 0xE1 && content.StartsWith("Exif\0\0"u8) && orientation is > 1 and <= 8)
            {
                output.Write(OrientationOnly(orientation));
                orientation = 0;
            }

            inScan = marker == 0xDA;
        }
    }

    private static bool Draws(int marker, ReadOnlySpan<byte> content) => marker switch
    {
        >= 0xC0 and <= 0xCF => true, // frames, Huffman and arithmetic tables
        0xDA or 0xDB or 0xDC or 0xDD => true, // scan, quantisation tables, number of lines, restart interval
        0xE0 => true, // JFIF (and its thumbnail extension): density and version, no place or time
        0xE2 => content.StartsWith("ICC_PROFILE\0"u8),
        0xEE => content.StartsWith("Adobe"u8),
        _ => false,
    };

    /// <summary>An APP1 segment whose EXIF (TIFF 6.0, big-endian) holds one tag: 274, the orientation.</summary>
    private static byte[] OrientationOnly(int orientation) =>
    [
        0xFF, 0xE1, 0, 34, .. "Exif\0\0"u8, (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
        0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>
    /// PNG (ISO 15948, 5.3): length, type, data, CRC. Ancillary text and EXIF chunks are left out, and so is anything
    /// after IEND or from a chunk that runs past the file's end.
    /// </summary>
    private static void StripPng(Stream input, Stream output)
    {
        Copy(input, output, 8);
        var header = new byte[8];
        while (input.Read(header, 0, 8) == 8)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header.AsSpan(4, 4);
            if (length > input.Length - input.Position - 4)
            {
                input.Seek(-8, SeekOrigin.Current);
                return;
            }

            if (type.SequenceEqual("eXIf"u8) || type.SequenceEqual("tIME"u8) || type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8))
            {
                input.Seek(length + 4, SeekOrigin.Current);
                continue;
            }

            output.Write(header);
            Copy(input, output, length + 4);
            if (type.SequenceEqual("IEND"u8))
            {
                return;
            }
        }
    }

    /// <summary>
    /// WebP (RIFF, Google's container spec): chunks with even padding; VP8X's flags say EXIF and XMP are there. Nothing
    /// after the RIFF's declared end, nor from a chunk that runs past it, is kept.
    /// </summary>
    private static void StripWebp(Stream input, Stream output)
    {
        var riff = new byte[12];
        input.ReadExactly(riff);
        output.Write(riff);
        // Anything after the size the RIFF header declares is not part of the picture.
        var end = Math.Min(input.Length, 8 + (long)BinaryPrimitives.ReadUInt32LittleEndian(riff.AsSpan(4)));
        var header = new byte[8];
        while (input.Position + 8 <= end && input.Read(header, 0, 8) == 8)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var padded = size + (size & 1);
            var type = header.AsSpan(0, 4);
            if (padded > end - input.Position)
            {
                input.Seek(-8, SeekOrigin.Current);
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
