using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;
using Whisper.Web.Rooms;

namespace Whisper.Web.Moderation;

/// <summary>What a filter does to a text it matches.</summary>
public enum FilterAction
{
    /// <summary>Not posted; the author reads the filter's sentence.</summary>
    Refuse,

    /// <summary>The author sees it; nobody else does until a moderator approves it.</summary>
    Hold,

    /// <summary>The author sees it, nobody else does, and the author is shadow-muted for the filter's minutes.</summary>
    Mute,
}

/// <summary>
/// A word, phrase or regular expression the admin does not want posted, in one room (<see cref="Room"/>) or everywhere
/// (null). <see cref="Sentence"/> is what a refused author reads as the admin typed it, or empty for the default sentence
/// (<c>Filters.DefaultSentence</c>), which each author reads in their own language; <see cref="MuteMinutes"/> how long a mute lasts.
/// </summary>
public sealed record Filter(long Id, string Pattern, bool IsRegex, FilterAction Action, string? Room, string Sentence, int MuteMinutes)
{
    /// <summary>What filters made without a sentence kept before the default was read in each author's language: still the default.</summary>
    private const string EnglishDefaultSentence = "That was not posted: it contains something this chat does not allow.";

    /// <summary>The sentence the admin typed for this filter, or null when it refuses with the default one.</summary>
    public string? OwnSentence => Sentence.Length == 0 || Sentence == EnglishDefaultSentence ? null : Sentence;

    /// <summary>What a refused author reads, in the current language unless the admin typed the sentence.</summary>
    public string RefusalIn(IStringLocalizer<AdminText> words) => OwnSentence ?? words["Filters.DefaultSentence"];

    public bool AppliesIn(string? room) => Room is null || Room == room;
}

/// <summary>
/// A filter ready to match. Words are compared as the repeat check compares texts (<see cref="MessageText.ForComparison"/>:
/// width, case, invisible characters, joiners and look-alike letters do not count), with accents dropped, as whole
/// words, digits standing for letters (<see cref="LookAlikes.SameWord"/>), and letters spelled one by one with anything
/// between (<c>f.r.e.e</c>, <c>f r e e</c>) read as one word. A regular expression
/// runs on the same folded text, with a time limit so that no pattern can hold a request.
/// </summary>
public sealed class CompiledFilter
{
    private readonly string[]? words;
    private readonly Regex? regex;

    public CompiledFilter(Filter filter, TimeSpan timeout)
    {
        Filter = filter;
        if (filter.IsRegex)
        {
            regex = new Regex(filter.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, timeout);
        }
        else
        {
            words = [.. Words(filter.Pattern)];
        }
    }

    public Filter Filter { get; }

    /// <summary>
    /// Why a pattern cannot be a filter, or null: empty, no letters to match, or not a valid regular expression. The key of
    /// its sentence in <c>AdminText</c>, with the regular expression's own complaint (.NET's, in English) as its detail.
    /// </summary>
    public static (string Key, string Detail)? Problem(string pattern, bool isRegex)
    {
        if (pattern.Length is < 1 or > 200)
        {
            return ("Filters.Error.Length", "");
        }

        if (!isRegex)
        {
            return Words(pattern).Count == 0 ? ("Filters.Error.NoLetters", "") : null;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(10));
            return null;
        }
        catch (ArgumentException exception)
        {
            return ("Filters.Error.Regex", exception.Message);
        }
    }

    /// <summary>Whether the text (already folded by <see cref="Fold"/>, with its words) matches. A regex that runs out of time does not match.</summary>
    public bool Matches(string folded, IReadOnlyList<string> textWords)
    {
        if (regex is not null)
        {
            try
            {
                return regex.IsMatch(folded);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        for (var start = 0; start + words!.Length <= textWords.Count; start++)
        {
            var all = true;
            for (var i = 0; i < words.Length && all; i++)
            {
                all = LookAlikes.SameWord(textWords[start + i], words[i]);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text as filters read it: compared as for repeats, and without accents.</summary>
    public static string Fold(string text)
    {
        var decomposed = MessageText.ForComparison(text).Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The folded text's words; runs of single letters between spaces or punctuation join into one word.</summary>
    public static List<string> Words(string text) => FoldedWords(Fold(text));

    /// <summary><see cref="Words"/> of a text already folded (folding parses formatting: once per text is enough).</summary>
    public static List<string> FoldedWords(string folded)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var spelled = new StringBuilder();
        foreach (var c in folded + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
                continue;
            }

            if (current.Length == 1)
            {
                spelled.Append(current);
            }
            else if (current.Length > 1)
            {
                Flush(spelled, words);
                words.Add(current.ToString());
            }

            current.Clear();
        }

        Flush(spelled, words);
        return words;
    }

    private static void Flush(StringBuilder spelled, List<string> words)
    {
        if (spelled.Length > 0)
        {
            words.Add(spelled.ToString());
            spelled.Clear();
        }
    }
}
