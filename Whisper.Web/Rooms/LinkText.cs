using System.Text;
using System.Text.RegularExpressions;
using Markdig.Syntax.Inlines;

namespace Whisper.Web.Rooms;

/// <summary>
/// Catches a link whose text pretends to be another address: <c>[https://bank.example](https://evil.example)</c> shows
/// a trusted name and opens another. Such a link is shown as typed, so the real address shows as well.
/// </summary>
internal static partial class LinkText
{
    /// <summary>Whether any word of the link's text is an address or domain name whose host is not the link's own.</summary>
    public static bool PosesAsAnotherHost(LinkInline link)
    {
        if (link.IsAutoLink || !Uri.TryCreate(link.Url, UriKind.Absolute, out var target))
        {
            return false;
        }

        var text = new StringBuilder();
        Collect(link, text);
        foreach (Match word in AddressLike().Matches(text.ToString()))
        {
            var named = word.Groups["scheme"].Success ? word.Value : "https://" + word.Value;
            if (!Uri.TryCreate(named, UriKind.Absolute, out var shown) || !SameHost(shown, target))
            {
                return true;
            }
        }

        return false;
    }

    // "www.bank.example" and "bank.example" are one site to a reader; any other difference is another host.
    private static bool SameHost(Uri shown, Uri target) =>
        string.Equals(WithoutWww(shown.IdnHost), WithoutWww(target.IdnHost), StringComparison.OrdinalIgnoreCase);

    private static string WithoutWww(string host) =>
        host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;

    private static void Collect(ContainerInline container, StringBuilder text)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(' ').Append(code.Content).Append(' ');
                    break;
                case ContainerInline inner:
                    Collect(inner, text);
                    break;
                default:
                    text.Append(' ');
                    break;
            }
        }
    }

    // A word that reads as an address: a scheme, or a dotted name ending in letters (bank.example, www.bank.example,
    // bank.example/login). Numbers ("3.14") and sentence ends ("ok.") are not names.
    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.-]*://)?(?<![\p{L}\p{N}])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}[\p{L}\p{N}-]+\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddressLike();
}
