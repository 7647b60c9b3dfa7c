using Whisper.Web.Rooms;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Rooms;

public sealed class RoomOptionsTests
{
    [Theory]
    [InlineData("music", true)]
    [InlineData("late-night-2", true)]
    [InlineData("Music", false)]
    [InlineData("with space", false)]
    [InlineData("", false)]
    [InlineData("<b>", false)]
    public void Room_names_are_url_and_id_safe(string name, bool valid)
    {
        Assert.Equal(valid, RoomDefinition.AreValid([new() { Name = name, Title = "A room" }]));
    }

    [Fact]
    public void Two_rooms_cannot_share_a_name()
    {
        Assert.False(RoomDefinition.AreValid([new() { Name = "a", Title = "A" }, new() { Name = "a", Title = "Again" }]));
    }

    [Fact]
    public void The_app_refuses_to_start_with_a_bad_room_and_says_why()
    {
        using var app = new WhisperApp { Settings = { ["Whisper:Rooms:0:Name"] = "Bad Name" } };

        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Whisper:Rooms", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rooms_can_be_added_by_configuration()
    {
        await using var app = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Rooms:3:Name"] = "music",
                ["Whisper:Rooms:3:Title"] = "Music",
                ["Whisper:Rooms:3:Description"] = "Songs and sounds.",
            },
        };
        using var visitor = app.NewVisitor();

        var page = await visitor.OpenRoomAsync("music");

        Assert.Equal("Music", page.QuerySelector("h1.room__title")!.TextContent);
        Assert.Equal("Songs and sounds.", page.QuerySelector(".room__description")!.TextContent);
    }
}
