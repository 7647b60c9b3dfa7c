using Microsoft.Extensions.DependencyInjection.Extensions;
using Whisper.Web.Hosting;
using Whisper.Web.Sse;

namespace Whisper.Web.Talk;

public static class TalkFeature
{
    public static WebApplicationBuilder AddTalk(this WebApplicationBuilder builder)
    {
        builder.AddSettings<TalkOptions>(TalkOptions.Section);
        builder.AddSettings<GeoIpOptions>(GeoIpOptions.Section);
        builder.Services.AddSingleton<CountryLookup>();
        builder.Services.AddSingleton<Matchmaker>();
        builder.Services.AddSingleton<TurnCredentials>();
        // In memory on one node; the cluster puts the shared line and its transport in their place.
        builder.Services.TryAddSingleton<IWaitingLine, LocalWaitingLine>();
        builder.Services.TryAddSingleton<ITalkTransport, SingleNodeTalkTransport>();
        builder.Services.AddSingleton<StrangerChat>();
        builder.Services.AddHostedService<TalkTicker>();
        return builder;
    }

    /// <summary><c>GET /talk/events?session=</c>: the page's stream. Closing it (leaving the page) ends the conversation.</summary>
    public static WebApplication MapTalk(this WebApplication app)
    {
        app.MapGet("/talk/events", async (string? session, HttpContext context, StrangerChat chat) =>
        {
            if (await chat.ConnectAsync(session, context) is not { } connected)
            {
                // 204 tells EventSource to stop retrying: this session is over.
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            try
            {
                await EventStreamWriter.WriteAsync(context, Metrics.StreamKind.Talk, connected.Events, connected.Opening);
            }
            finally
            {
                await chat.LeaveAsync(session!, connected.Events);
            }
        }).RequireStreamLimit().RefuseWhileStopping();
        return app;
    }

    /// <summary>Every second: pairs visitors whose wait for a shared interest ran out, and forgets pages that never connected.</summary>
    private sealed class TalkTicker(StrangerChat chat, TimeProvider time, ILogger<TalkTicker> logger)
        : PeriodicWork(TimeSpan.FromSeconds(1), time, logger)
    {
        protected override async Task RunOnceAsync(CancellationToken stoppingToken)
        {
            await chat.MatchPatientOnesAsync();
            await chat.ForgetAbandonedAsync(TimeSpan.FromSeconds(30));
            chat.ForgetUnknownReported();
        }
    }
}
