using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Whisper.Web.Identity;

/// <summary>A deterministic picture for a name: a symmetric 5×5 pattern in a colour taken from the name's hash.</summary>
public static class AvatarSvg
{
    public static string PathFor(string name) => "/avatars/" + Uri.EscapeDataString(name) + ".svg";

    public static string Draw(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var hue = ((hash[0] << 8) | hash[1]) % 360;
        var svg = new StringBuilder(1024);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 7 7\" width=\"64\" height=\"64\" shape-rendering=\"crispEdges\"><rect width=\"7\" height=\"7\" fill=\"hsl({hue},55%,88%)\"/><g fill=\"hsl({hue},60%,36%)\">");
        for (var row = 0; row < 5; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                if ((hash[2 + (row * 3) + column] & 1) == 0)
                {
                    continue;
                }

                // Mirror the left half onto the right so the pattern reads as a face-like shape.
                AppendCell(svg, column + 1, row + 1);
                if (column < 2)
                {
                    AppendCell(svg, 5 - column, row + 1);
                }
            }
        }

        svg.Append("</g></svg>");
        return svg.ToString();
    }

    private static void AppendCell(StringBuilder svg, int x, int y) =>
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\"/>");
}
