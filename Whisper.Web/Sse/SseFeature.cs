using Whisper.Web.Hosting;

namespace Whisper.Web.Sse;

public static class SseFeature
{
    /// <summary>What every live stream shares, rooms and the stranger chat alike: its options and the fragment renderer.</summary>
    public static WebApplicationBuilder AddSse(this WebApplicationBuilder builder)
    {
        builder.AddSettings<StreamOptions>(StreamOptions.Section);
        builder.Services.AddSingleton<FragmentRenderer>();
        builder.Services.AddHealthChecks().AddCheck<Draining.HealthCheck>("stopping");
        return builder;
    }
}
