using System.Text;
using Whisper.Web.Files;

namespace Whisper.Web.Tests.Files;

public sealed class FileRulesTests
{
    public static TheoryData<byte[], string, bool> Headers => new()
    {
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "image/png", true },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg", true },
        { Encoding.ASCII.GetBytes("GIF89a.."), "image/gif", true },
        { Encoding.ASCII.GetBytes("GIF87a.."), "image/gif", true },
        { Encoding.ASCII.GetBytes("RIFF\u0001\u0002\u0003\u0004WEBPVP8 "), "image/webp", true },
        { Encoding.ASCII.GetBytes("RIFF\u0001\u0002\u0003\u0004WAVEfmt "), "application/octet-stream", false },
        { Encoding.ASCII.GetBytes("%PDF-1.7\n"), "application/pdf", false },
        { [0x50, 0x4B, 0x03, 0x04, 0x14], "application/zip", false },
        { Encoding.UTF8.GetBytes("hello\nworld\t!"), "text/plain", false },
        { Encoding.ASCII.GetBytes("<svg xmlns="), "text/plain", false },
        { [0x00, 0x01, 0x02, 0x03], "application/octet-stream", false },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void The_type_comes_from_the_first_bytes(byte[] head, string type, bool image)
    {
        var (contentType, _, isImage) = FileSniffer.Sniff(head);

        Assert.Equal(type, contentType);
        Assert.Equal(image, isImage);
    }

    [Theory]
    [InlineData("holiday.png", "holiday.png")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\win.ini", "win.ini")]
    [InlineData("C:\\fakepath\\photo.jpg", "photo.jpg")]
    [InlineData("bad\u0000na\u0007me\n.txt", "badname.txt")]
    [InlineData("invoice\u202Egpj.exe", "invoicegpj.exe")]
    [InlineData("quote\"s<and>pipes|.txt", "quote_s_and_pipes_.txt")]
    [InlineData("...", "file")]
    [InlineData("", "file")]
    [InlineData(null, "file")]
    [InlineData("  spaced out.pdf  ", "spaced out.pdf")]
    public void Names_are_made_safe_to_show(string? uploaded, string shown) =>
        Assert.Equal(shown, FileNames.Sanitise(uploaded));

    [Fact]
    public void A_very_long_name_is_cut_and_keeps_its_extension()
    {
        var name = FileNames.Sanitise(new string('a', 300) + ".pdf");

        Assert.Equal(FileNames.MaxLength, name.Length);
        Assert.EndsWith("a.pdf", name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_character()
    {
        var name = FileNames.Sanitise(new string('a', 95) + string.Concat(Enumerable.Repeat("😀", 10)) + ".txt");

        Assert.True(name.Length <= FileNames.MaxLength);
        Assert.True(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)) == name, "a surrogate pair was split");
        Assert.EndsWith(".txt", name, StringComparison.Ordinal);
    }
}
