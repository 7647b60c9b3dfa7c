namespace Whisper.Web.Talk;

/// <summary>What a visitor typed as interests, made into the few short tags the waiting line matches on.</summary>
public static class TalkInterests
{
    public const int Most = 5;
    private const int LongestTag = 24;

    /// <summary>
    /// Commas as each of Whisper's languages writes them (Chinese and Japanese full-width and ideographic, Arabic's
    /// reversed comma) and spaces separate tags, so the example in the visitor's own language works as typed.
    /// </summary>
    private static readonly char[] Separators = [',', ' ', '，', '、', '،', '\u3000'];

    public static IReadOnlyList<string> Parse(string? typed) =>
        (typed ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Where(t => t.Length <= LongestTag).Distinct().Take(Most).ToList();
}
