using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;
using Whisper.Web.Talk;

namespace Whisper.Web.Cluster;

public static class ClusterFeature
{
    /// <summary>Shares the real-time state through Redis when <c>Whisper:Redis:Configuration</c> is set; else nothing changes.</summary>
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder)
    {
        builder.AddSettings<ClusterOptions>(ClusterOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Prefix) && !o.Prefix.Contains(' ', StringComparison.Ordinal), "Whisper:Redis:Prefix must be a word without spaces.");
        builder.Services.AddSingleton<ClusterConnection>();
        builder.Services.AddSingleton<ClusterBus>();
        builder.Services.AddSingleton<PresenceTotals>();
        builder.Services.AddSingleton<NodeFigures>();
        builder.Services.AddHostedService(services => services.GetRequiredService<NodeFigures>());
        if (builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() is { IsShared: true })
        {
            // Replace, so the features' single-node defaults give way whether they were registered before or after.
            builder.Services.AddSingleton<RedisRoomLog>();
            builder.Services.Replace(ServiceDescriptor.Singleton<IRoomLog>(services => services.GetRequiredService<RedisRoomLog>()));
            builder.Services.AddSingleton<RoomChannels>();
            builder.Services.Replace(ServiceDescriptor.Singleton<IWaitingLine, RedisWaitingLine>());
            builder.Services.Replace(ServiceDescriptor.Singleton<ITalkTransport, RedisTalkTransport>());
            builder.Services.AddHostedService<TalkNoteListener>();
            builder.Services.Replace(ServiceDescriptor.Singleton<IUsedOnce, RedisUsedOnce>());
            builder.Services.Replace(ServiceDescriptor.Singleton<IFailedLogins, RedisFailedLogins>());
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        }

        return builder;
    }

    /// <summary>Reads a room back from its log before a request of a room this node does not hear (no stream of it here).</summary>
    public static WebApplication UseCluster(this WebApplication app)
    {
        if (app.Services.GetService<RedisRoomLog>() is { } log)
        {
            var rooms = app.Services.GetRequiredService<RoomRegistry>();
            app.Use(async (context, next) =>
            {
                var name = context.GetRouteValue("room") as string ?? (context.Request.Path == "/chat" ? RoomRegistry.Lobby : null);
                if (rooms.Find(name) is { } room && !log.Hears(room))
                {
                    await log.CatchUpAsync(room);
                }

                await next(context);
            });
        }

        return app;
    }

    private sealed class RedisHealthCheck(ClusterConnection cluster) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await cluster.Redis!.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (StackExchange.Redis.RedisException)
            {
                return HealthCheckResult.Unhealthy("Redis cannot be reached.");
            }
        }
    }
}
