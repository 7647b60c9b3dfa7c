using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Rooms;
using Whisper.Web.Storage;

namespace Whisper.Web.Push;

public static class PushFeature
{
    public static WebApplicationBuilder AddPush(this WebApplicationBuilder builder)
    {
        builder.AddSettings<PushOptions>(PushOptions.Section)
            .Validate(o => o.AreValid(), "Whisper:Push: Subject must be mailto: or https:, MinInterval not negative, and PublicKey and PrivateKey set together.");
        builder.Services.AddSingleton<Vapid>();
        builder.Services.AddSingleton<PushSubscriptions>();
        builder.Services.AddSingleton<ISchema>(sp => sp.GetRequiredService<PushSubscriptions>());
        builder.Services.AddHostedService<SubscriptionLoader>();
        builder.Services.AddSingleton<PushSender>();
        builder.Services.AddSingleton<IMessagePosted>(sp => sp.GetRequiredService<PushSender>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PushSender>());
        builder.Services.AddHttpClient(PushSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15))
            // The factory's own handlers log every request's full URL, and a push endpoint is a per-browser secret.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<PushOptions>>().Value;
                return new SocketsHttpHandler
                {
                    ConnectCallback = PushEndpoints.GuardedConnect(options.AllowLoopbackEndpoints),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    AllowAutoRedirect = false,
                    // HTTP/2: a second connection when the first one's streams are all taken; HTTP/1.1: a pool as wide
                    // as the pushes one origin may have in flight.
                    EnableMultipleHttp2Connections = true,
                    MaxConnectionsPerServer = options.ConcurrencyPerOrigin,
                };
            })
            // The factory would rebuild the handler every two minutes, dropping warm HTTP/2 connections; the handler's
            // own PooledConnectionLifetime already follows DNS changes.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return builder;
    }

    private sealed class SubscriptionLoader(PushSubscriptions subscriptions, Cluster.ClusterBus bus) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await subscriptions.UpgradeAsync();
            await subscriptions.LoadAsync();
            bus.On(PushSubscriptions.Topic, _ => subscriptions.LoadAsync());
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
