using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Rooms;

/// <summary>
/// A random key per composed message, rendered into the composer. When a post's answer is lost (its node died,
/// the connection dropped), the person sends again with the same key, and the room posts it only once.
/// </summary>
public static class SendKey
{
    /// <summary>How long a used key is remembered: long enough for a person to see "not sent" and send again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const int MaxLength = 64;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The key as the room remembers it: with who sent what (the author, the text, the file's name and size), so a
    /// message edited after "not sent", or another file with the same caption, is posted as the new message it is.
    /// </summary>
    public static string ForMessage(string key, string author, string text, Files.Attachment? file = null) =>
        key + "." + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{author}\n{text}\n{file?.Name}\n{file?.Bytes}")).AsSpan(0, 8));

    /// <summary>Null when absent (an old page or a program posting plainly); otherwise the key, or an error for a malformed one.</summary>
    public static (string? Key, string? Error) Read(string? value, IStringLocalizer<RoomsText> words) =>
        string.IsNullOrEmpty(value) ? (null, null)
        : value.Length <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? (value, null)
        : (null, words["Rooms.Refusal.BadSendKey"]);
}
