using Microsoft.Extensions.DependencyInjection.Extensions;
using Whisper.Web.Hosting;

namespace Whisper.Web.Rooms;

public static class RoomsFeature
{
    public const string Section = "Whisper:Rooms";

    public static WebApplicationBuilder AddRooms(this WebApplicationBuilder builder)
    {
        builder.AddSettings<List<RoomDefinition>>(Section)
            .Validate(RoomDefinition.AreValid, "Whisper:Rooms: every room needs a unique Name of 1 to 32 lowercase letters, digits or dashes, and a Title.");
        builder.AddSettings<MessageOptions>(MessageOptions.Section);
        builder.Services.AddSingleton<RoomStore>();
        builder.Services.AddSingleton<Storage.ISchema>(sp => sp.GetRequiredService<RoomStore>());
        // One node numbers entries itself; the cluster puts its shared log in its place.
        builder.Services.TryAddSingleton<IRoomLog, LocalRoomLog>();
        builder.Services.AddSingleton<MessageFragments>();
        builder.Services.AddSingleton<RoomRegistry>();
        builder.Services.AddHostedService<RoomLoader>();
        builder.Services.AddSingleton<PostingRules>();
        builder.Services.AddSingleton<RoomChat>();
        builder.Services.AddSingleton<Conversation>();
        builder.Services.AddSingleton<RoomPageBuilder>();
        builder.Services.AddSingleton<RoomWords>();
        builder.Services.AddHostedService<RoomTicker>();
        return builder;
    }

    public static WebApplication MapRooms(this WebApplication app)
    {
        app.MapRoomStream();
        return app;
    }
}
