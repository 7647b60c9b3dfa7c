using QRCoder;

namespace Whisper.Web.Identity;

/// <summary>A QR code as inline SVG, drawn here so the page needs nothing from anywhere else.</summary>
public static class QrSvg
{
    public static string Draw(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // Dark on white whatever the page's theme: scanners need the contrast.
        var svg = new SvgQRCode(data).GetGraphic(new System.Drawing.Size(200, 200), "#000000", "#ffffff", drawQuietZones: true);
        return svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\" ", StringComparison.Ordinal);
    }
}
