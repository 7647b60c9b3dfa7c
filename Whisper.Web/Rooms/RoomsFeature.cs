namespace Whisper.Web.Rooms;

public static class RoomsFeature
{
    public const string Section = "Whisper:Rooms";

    public static WebApplicationBuilder AddRooms(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<List<RoomDefinition>>(builder.Configuration.GetSection(Section));
        builder.Services.AddOptions<MessageOptions>()
            .Bind(builder.Configuration.GetSection(MessageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<StreamOptions>()
            .Bind(builder.Configuration.GetSection(StreamOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RoomRegistry>();
        builder.Services.AddSingleton<RoomChat>();
        builder.Services.AddSingleton<Sse.FragmentRenderer>();
        builder.Services.AddHostedService<RoomTicker>();
        return builder;
    }
}
