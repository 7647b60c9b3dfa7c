namespace Whisper.Web.Files;

/// <summary>Decides a file's type from its first bytes; what the browser claims is never trusted.</summary>
public static class FileSniffer
{
    /// <summary>Bytes needed to recognise every type below.</summary>
    public const int HeaderBytes = 16;

    public static (string ContentType, string Kind, bool IsImage) Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ("image/png", "PNG image", true),
        [0xFF, 0xD8, 0xFF, ..] => ("image/jpeg", "JPEG image", true),
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => ("image/gif", "GIF image", true),
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ("image/webp", "WebP image", true),
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', ..] => ("application/pdf", "PDF document", false),
        [(byte)'P', (byte)'K', 0x03, 0x04, ..] => ("application/zip", "ZIP archive", false),
        _ when IsText(head) => ("text/plain", "Text", false),
        _ => ("application/octet-stream", "File", false),
    };

    /// <summary>Plain text as far as the first bytes tell: no NULs or other control bytes besides whitespace.</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }
}
