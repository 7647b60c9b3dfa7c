using System.Text;

namespace Whisper.Web.Hosting;

/// <summary>Escapes text for a quoted CSS string (CSS Syntax §4.3.7): every non-alphanumeric becomes a hex escape.</summary>
public static class CssString
{
    public static string Escape(string text)
    {
        var css = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ' ')
            {
                css.Append(c);
            }
            else
            {
                css.Append('\\').Append(((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
            }
        }

        return css.ToString();
    }
}
