using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;

namespace Whisper.Web.Sse;

/// <summary>
/// How a node leaves without losing anyone (SIGTERM, a deploy). From ApplicationStopping on, new streams are refused
/// with 503 and Retry-After, so the browser tries again and the load balancer sends it to another node; each open
/// stream gets what was queued for it, then a short retry delay, and ends, so the browser resumes on another node
/// from the last id it has (Last-Event-ID). Posts in flight finish: Kestrel waits for them, up to the host's
/// shutdown timeout, and their messages are published as always.
/// </summary>
public static class Draining
{
    /// <summary>A stream asked for while this node stops is sent elsewhere rather than opened and closed at once.</summary>
    /// <remarks>
    /// Wraps the endpoint's built delegate rather than adding an endpoint filter: a filter puts the handler behind two more
    /// awaits, whose state each open stream would keep for as long as it stays open.
    /// </remarks>
    public static TBuilder RefuseWhileStopping<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var open = endpoint.RequestDelegate ?? throw new InvalidOperationException("A stream endpoint needs its handler before it can refuse.");
            endpoint.RequestDelegate = context =>
                context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested ? RefuseAsync(context) : open(context);
        });
        return builder;
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(context.RequestServices.GetRequiredService<IStringLocalizer<Text>>()["Refusal.Restarting"]);
    }

    /// <summary>/healthz says 503 from the moment the node stops, so a balancer that checks it sends nobody new here.</summary>
    public sealed class HealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("stopping") : HealthCheckResult.Healthy());
    }

    /// <summary>
    /// The last frame of a stream whose node stops: the browser's own reconnect, sooner than usual. Spread between a
    /// tenth of a second and the usual delay, so thousands of streams do not reach the other nodes in one burst.
    /// </summary>
    public static SseFrame Reconnect(StreamOptions options) =>
        SseFrame.Retry(TimeSpan.FromMilliseconds(Random.Shared.Next(100, Math.Max(101, options.RetryMs))));
}
