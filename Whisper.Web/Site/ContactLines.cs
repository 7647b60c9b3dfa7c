namespace Whisper.Web.Site;

/// <summary>Contact ways as the admin types them: one per line, a label, then optionally its link as the last word.</summary>
public static class ContactLines
{
    /// <summary>The ways, or null when a line has no label or ends in a link that is not allowed.</summary>
    public static List<ContactWay>? Parse(string? text)
    {
        var ways = new List<ContactWay>();
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var lastSpace = line.LastIndexOf(' ');
            var last = lastSpace < 0 ? line : line[(lastSpace + 1)..];
            var way = last.Contains("://", StringComparison.Ordinal) || last.StartsWith("mailto:", StringComparison.Ordinal)
                ? new ContactWay { Label = lastSpace < 0 ? last : line[..lastSpace].Trim(), Url = last }
                : new ContactWay { Label = line };
            if (!way.IsValid())
            {
                return null;
            }

            ways.Add(way);
        }

        return ways;
    }

    public static string Format(IEnumerable<ContactWay> ways) => string.Join('\n', ways.Select(w => w.Url.Length > 0 ? $"{w.Label} {w.Url}" : w.Label));
}
