namespace Whisper.Web.Rooms;

/// <summary>
/// Whether a message is for a name: its words mention the name in full or by its first two words, in any case and
/// standing apart from other letters (the rule reading.js marks mentions by), or it answers one of that name's messages.
/// </summary>
public static class Mentions
{
    /// <summary>Whether <paramref name="message"/>, whose plain words are <paramref name="plain"/>, is for <paramref name="name"/>.</summary>
    public static bool Of(ChatMessage message, string plain, string name) =>
        !message.IsAnnouncement && message.Author != name && (message.Reply?.Author == name || Names(plain, name));

    /// <summary>Whether <paramref name="plain"/> names <paramref name="name"/> in full or by its first two words.</summary>
    public static bool Names(string plain, string name)
    {
        var words = name.Split(' ');
        return Contains(plain, name) || (words.Length > 2 && Contains(plain, $"{words[0]} {words[1]}"));
    }

    private static bool Contains(string text, string form)
    {
        for (var at = text.IndexOf(form, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(form, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + form.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }
}
