using System.Text.Json;
using Whisper.Web.Files;
using Whisper.Web.Rooms;

namespace Whisper.Web.Tests.Rooms;

public sealed class RoomEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Numbering_fills_the_id_and_the_button_values_but_not_text_that_looks_like_the_placeholder()
    {
        var typed = RoomEntry.Unnumbered.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var draft = new ChatMessage("lobby", RoomEntry.Unnumbered, "Quiet Otter 1", typed, typed, At);
        var html = $"<article id=\"{draft.DomId}\"><div>{typed}</div><button value=\"{draft.Sequence}\">Report</button></article>";

        var (message, numbered) = new RoomEntry.Posted(draft, html).Numbered(1795456843691);

        Assert.Equal(1795456843691, message.Sequence);
        Assert.Equal($"<article id=\"m-lobby-1795456843691\"><div>{typed}</div><button value=\"1795456843691\">Report</button></article>", numbered);
    }

    [Fact]
    public void Every_kind_of_entry_survives_a_trip_through_JSON()
    {
        var file = new Attachment("f1", "photo.png", "image/png", "PNG image", 1234, IsImage: true, At) { Expired = true };
        var message = new ChatMessage("tech", 42, "Deep Whale 96163", "hi", "hi", At) { File = file, IsAnnouncement = false, AuthorDeleted = true, Reply = new Quote(41, "Quiet Otter 1", "hello") };
        RoomEntry[] entries =
        [
            new RoomEntry.Posted(message, "<article>hi</article>"),
            new RoomEntry.Removed(42, "<div hx-swap-oob=\"delete\"></div>"),
            new RoomEntry.FileExpired("f1"),
            new RoomEntry.Noticed("<div id=\"pinned\"></div>"),
            new RoomEntry.Reacted(42, "Quiet Otter 1", "🙏"),
            new RoomEntry.Edited(42, "hi again", "hi again", At),
            new RoomEntry.NameForgotten("Quiet Otter 1"),
        ];

        foreach (var entry in entries)
        {
            var back = JsonSerializer.Deserialize<RoomEntry>(JsonSerializer.Serialize(entry));
            Assert.Equal(JsonSerializer.Serialize(entry), JsonSerializer.Serialize(back));
            Assert.Equal(entry.GetType(), back!.GetType());
        }

        var posted = (RoomEntry.Posted)JsonSerializer.Deserialize<RoomEntry>(JsonSerializer.Serialize(entries[0]))!;
        Assert.Equal(message, posted.Message);
    }

    [Fact]
    public void A_forgotten_name_leaves_its_messages_reactions_and_quotes()
    {
        var forgotten = new RoomEntry.NameForgotten("Quiet Otter 1");
        var own = new ChatMessage("tech", 1, "Quiet Otter 1", "mine", "mine", At);
        var answer = new ChatMessage("tech", 2, "Deep Whale 96163", "yes", "yes", At)
        {
            Reply = new Quote(1, "Quiet Otter 1", "mine"),
            Reactions = [new Reaction("👍", ["Quiet Otter 1", "Tall Heron 5"]), new Reaction("🙏", ["Quiet Otter 1"])],
        };

        var ownAfter = forgotten.Apply(own)!;
        Assert.True(ownAfter.AuthorDeleted);
        Assert.Equal("", ownAfter.Author);
        var answerAfter = forgotten.Apply(answer)!;
        Assert.Equal("", answerAfter.Reply!.Author);
        Assert.Equal("mine", answerAfter.Reply.Excerpt);
        Assert.Equal([new Reaction("👍", ["Tall Heron 5"])], answerAfter.Reactions!, (a, b) => a.Emoji == b.Emoji && a.Names.SequenceEqual(b.Names));
        Assert.Null(forgotten.Apply(answer with { Reply = null, Reactions = null }));
    }
}
