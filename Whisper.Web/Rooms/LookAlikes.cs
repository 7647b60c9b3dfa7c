using System.Collections.Frozen;

namespace Whisper.Web.Rooms;

/// <summary>
/// Letters of other scripts that look like Latin ones, and digits written for letters: the tricks that make two texts
/// look the same to a reader while differing to a computer. Fullwidth and mathematical letters need nothing here:
/// compatibility normalisation (NFKC) already reads them as plain ones.
/// </summary>
public static class LookAlikes
{
    // Lowercase only (the text is case-folded first); Cyrillic and Greek letters that a reader cannot tell from Latin ones.
    private static readonly FrozenDictionary<char, char> Letters = new Dictionary<char, char>
    {
        ['а'] = 'a',
        ['е'] = 'e',
        ['о'] = 'o',
        ['р'] = 'p',
        ['с'] = 'c',
        ['у'] = 'y',
        ['х'] = 'x',
        ['к'] = 'k',
        ['і'] = 'i',
        ['ј'] = 'j',
        ['ѕ'] = 's',
        ['ԁ'] = 'd',
        ['һ'] = 'h',
        ['ӏ'] = 'l',
        ['ԛ'] = 'q',
        ['ԝ'] = 'w',
        ['ү'] = 'y',
        ['α'] = 'a',
        ['ο'] = 'o',
        ['ν'] = 'v',
        ['ι'] = 'i',
        ['κ'] = 'k',
        ['ρ'] = 'p',
        ['τ'] = 't',
        ['υ'] = 'u',
        ['χ'] = 'x',
        ['ε'] = 'e',
        ['ı'] = 'i',
    }.ToFrozenDictionary();

    /// <summary>The lowercase text with each look-alike letter read as the Latin letter it imitates.</summary>
    public static string AsLatin(string lower)
    {
        if (!lower.AsSpan().ContainsAnyExceptInRange('\0', '\u007f'))
        {
            return lower;
        }

        return string.Create(lower.Length, lower, static (target, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = Letters.TryGetValue(source[i], out var latin) ? latin : source[i];
            }
        });
    }

    /// <summary>
    /// Whether a word of a text is a filter's word, a digit in it standing for the letter it looks like (0 o, 1 i or l,
    /// 3 e, 4 a, 5 s, 7 t, 8 b) when the word also has a letter: "fr33" is "free", while "1337" stays a number.
    /// </summary>
    public static bool SameWord(string written, string word)
    {
        if (written.Length != word.Length)
        {
            return false;
        }

        if (written == word)
        {
            return true;
        }

        if (!written.Any(char.IsLetter))
        {
            return false;
        }

        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] != word[i] && !Stands(written[i], word[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Stands(char digit, char letter) => (digit, letter) switch
    {
        ('0', 'o') or ('1', 'i') or ('1', 'l') or ('3', 'e') or ('4', 'a') or ('5', 's') or ('7', 't') or ('8', 'b') => true,
        _ => false,
    };
}
