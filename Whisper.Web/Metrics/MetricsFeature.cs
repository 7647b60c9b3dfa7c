using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Whisper.Web.Hosting;
using Whisper.Web.Push;
using Whisper.Web.Rooms;

namespace Whisper.Web.Metrics;

public static class MetricsFeature
{
    private const string Path = "/metrics";

    /// <summary>Marks a request allowed to read the figures; the exporter answers only those.</summary>
    private static readonly object Allowed = new();

    /// <summary>
    /// Whisper's meter always (the admin's dashboard reads it); the OpenTelemetry pipeline with its Prometheus exporter,
    /// and the second port, only when <c>Whisper:Metrics</c> asks for them.
    /// </summary>
    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder)
    {
        builder.AddSettings<MetricsOptions>(MetricsOptions.Section)
            .Validate(o => o.Token.Length is 0 or >= 16, "Whisper:Metrics:Token must be empty or at least 16 characters.");
        builder.Services.AddSingleton<WhisperMeter>();
        builder.Services.AddSingleton<LiveFigures>();
        builder.Services.AddSingleton<IMessagePosted, PostedCounter>();
        builder.Services.AddHostedService<Gauges>();
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        if (!options.IsServed)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(WhisperMeter.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            // Every scrape sees the figures of that moment, not a copy cached for the next scraper.
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        if (options.Port > 0)
        {
            // Added to the addresses already asked for, which these urls would otherwise replace.
            builder.WebHost.UseUrls($"{PublicUrls(builder.WebHost.GetSetting)};http://{options.Host}:{options.Port}");
        }

        return builder;
    }

    /// <summary>
    /// The public addresses as Kestrel would take them: --urls or ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS and
    /// HTTPS_PORTS (set in the official container images), else Kestrel's own default.
    /// </summary>
    internal static string PublicUrls(Func<string, string?> setting)
    {
        if (setting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } urls)
        {
            return urls;
        }

        static IEnumerable<string> On(string? ports, string scheme) =>
            (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");
        var fromPorts = On(setting(WebHostDefaults.HttpPortsKey), "http").Concat(On(setting(WebHostDefaults.HttpsPortsKey), "https")).ToList();
        return fromPorts.Count > 0 ? string.Join(';', fromPorts) : "http://localhost:5000";
    }

    /// <summary>
    /// <c>/metrics</c> on the metrics port (which serves nothing else), or with the right bearer token. Anything else gets
    /// the 404 every unknown path gets (the public port does not even admit there is something to find), and a wrong token 401.
    /// </summary>
    public static WebApplication UseMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.IsServed)
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            var onMetricsPort = options.Port > 0 && context.Connection.LocalPort == options.Port;
            if (onMetricsPort && !context.Request.Path.Equals(Path, StringComparison.Ordinal))
            {
                // The metrics port is for the scraper: the chat is not served there.
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (context.Request.Path.Equals(Path, StringComparison.Ordinal))
            {
                switch (Access(context, options))
                {
                    case true:
                        context.Items[Allowed] = true;
                        break;
                    case false:
                        // A bare 401 for the scraper: the error page would be re-run on the metrics port, which serves nothing else.
                        context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        return;
                }
            }

            await next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Items.ContainsKey(Allowed));
        return app;
    }

    /// <summary>True: serve. False: 401, a token is asked for and the right one was not offered. Null: not here (404).</summary>
    private static bool? Access(HttpContext context, MetricsOptions options)
    {
        var onMetricsPort = options.Port > 0 && context.Connection.LocalPort == options.Port;
        if (options.Port > 0 && !onMetricsPort)
        {
            // With a metrics port, the public port has no metrics at all, whatever it is offered.
            return null;
        }

        if (options.Token.Length == 0)
        {
            return true;
        }

        var offered = context.Request.Headers.Authorization.ToString();
        if (offered.Length == 0)
        {
            // The metrics port may say a token is needed; the public port does not admit there is anything here.
            return onMetricsPort ? false : null;
        }

        // Compared in constant time: the token guards the figures from anyone who can reach the port.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes("Bearer " + options.Token));
    }

    /// <summary>Counts the room messages posted through this node, as every other observer of a post is told.</summary>
    private sealed class PostedCounter(WhisperMeter meter) : IMessagePosted
    {
        public void Posted(ChatMessage message) => meter.MessagePosted();
    }

    /// <summary>Registers the gauges whose figure another feature holds, once every service exists.</summary>
    private sealed class Gauges(WhisperMeter meter, Talk.StrangerChat strangers, PushSender push, Files.FileStore files) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            meter.Gauge("whisper.strangers.waiting", "{session}", "Stranger-chat visitors on this node waiting for a partner", () => strangers.Waiting);
            meter.Gauge("whisper.push.queue", "{push}", "Pushes waiting in their push service's queue", () => push.Queued);
            meter.Total("whisper.push.merged", "{push}", "Pushes that found their push service's queue full and waited, to count what their subscriber missed", () => push.Merged);
            meter.Total("whisper.push.given_up", "{push}", "Pushes given up after every attempt, and messages skipped for pushes when the posting queue overflowed", () => push.GivenUp);
            meter.Gauge("whisper.files.stored", "By", "Bytes of shared files on disk", () => files.StoredBytes);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
