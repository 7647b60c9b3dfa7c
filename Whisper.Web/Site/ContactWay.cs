namespace Whisper.Web.Site;

/// <summary>One way to reach the operator: "Discord: @gzf" with a link to the profile, an e-mail address, a Matrix room.</summary>
public sealed class ContactWay
{
    public string Label { get; set; } = "";

    /// <summary>Where the label links to: https, http or mailto; empty for a label alone.</summary>
    public string Url { get; set; } = "";

    public bool IsValid() =>
        Label.Trim().Length > 0
        && (Url.Length == 0 || (Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "mailto"));

    /// <summary>The old single-string form: an e-mail address or a URL becomes a link to itself, anything else a label.</summary>
    public static ContactWay FromText(string text)
    {
        text = text.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "mailto")
        {
            return new ContactWay { Label = uri.Scheme == "mailto" ? text["mailto:".Length..] : text, Url = text };
        }

        return text.Contains('@', StringComparison.Ordinal) && !text.Contains(' ', StringComparison.Ordinal) && text.IndexOf('@', StringComparison.Ordinal) > 0
            ? new ContactWay { Label = text, Url = "mailto:" + text }
            : new ContactWay { Label = text };
    }
}
