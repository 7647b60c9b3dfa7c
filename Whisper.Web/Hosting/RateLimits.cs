using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Whisper.Web.Identity;
using Whisper.Web.Privacy;

namespace Whisper.Web.Hosting;

/// <summary>
/// Flood control on ASP.NET Core's rate limiter. Limits on what one person does are keyed by their identity;
/// limits on what one network does are keyed by the address entry's random key, never by the address itself.
/// </summary>
public static class RateLimits
{
    /// <summary>Policy names, for <c>[EnableRateLimiting(RateLimits.Messages)]</c> on controller actions.</summary>
    public const string Messages = "messages";
    public const string Uploads = "uploads";
    public const string Changes = "changes";
    public const string Joins = "joins";
    public const string Streams = "streams";
    public const string StrangerQueue = "stranger-queue";
    public const string Reports = "reports";
    public const string Login = "admin-login";
    public const string Transfers = "transfers";
    public const string Signals = "signals";

    /// <summary>Offered when a limiter cannot say (a concurrency limit): a stream slot frees when a tab closes.</summary>
    private static readonly TimeSpan DefaultRetry = TimeSpan.FromSeconds(10);

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.AddSettings<RateLimitOptions>(RateLimitOptions.Section)
            .Validate(o => o.AreValid(), "Whisper:RateLimits: windows must be positive, block durations between zero and 30 days, and MessageBurst at least MessagesPerWindow.");
        builder.Services.AddSingleton<RepeatOffenders>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var o = configured.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, long>(context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || !o.Enabled
                    ? RateLimitPartition.GetNoLimiter(0L)
                    : RateLimitPartition.GetTokenBucketLimiter(AddressKey(context), _ => PerMinute(o.PostsPerAddressPerMinute)));

            limiter.AddPolicy(Messages, context => ByPerson(o, context, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.MessageBurst,
                TokensPerPeriod = o.MessagesPerWindow,
                ReplenishmentPeriod = o.MessageWindow,
                QueueLimit = 0,
            }));
            limiter.AddPolicy(Uploads, context => ByPerson(o, context, _ => Fixed(o.UploadsPerMinute, TimeSpan.FromMinutes(1))));
            limiter.AddPolicy(Changes, context => ByPerson(o, context, _ => Fixed(o.ChangesPerMinute, TimeSpan.FromMinutes(1))));
            limiter.AddPolicy(Joins, context => ByAddress(o, context, Fixed(o.JoinsPerHour, TimeSpan.FromHours(1))));
            limiter.AddPolicy(StrangerQueue, context => ByAddress(o, context, Fixed(o.StrangerQueueJoinsPerMinute, TimeSpan.FromMinutes(1))));
            limiter.AddPolicy(Reports, context => ByAddress(o, context, Fixed(o.ReportsPerHour, TimeSpan.FromHours(1))));
            limiter.AddPolicy(Login, context => ByAddress(o, context, Fixed(o.LoginAttempts, o.LoginWindow)));
            limiter.AddPolicy(Signals, context => ByAddress(o, context, Fixed(o.SignalsPerMinute, TimeSpan.FromMinutes(1))));
            limiter.AddPolicy(Transfers, context => ByAddress(o, context, Fixed(o.TransferAttemptsPerHour, TimeSpan.FromHours(1))));
            limiter.AddPolicy(Streams, context => o.Enabled
                ? RateLimitPartition.GetConcurrencyLimiter(AddressKey(context), _ => new ConcurrencyLimiterOptions { PermitLimit = o.StreamsPerAddress, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(0L));
        });
        return builder;
    }

    /// <summary>Refuses blocked addresses before anything else runs, then applies the limits. Call after routing.</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        // Not async: an await here would keep this check's state alive for as long as a live stream stays open.
        app.Use((context, next) =>
        {
            var services = context.RequestServices;
            var address = services.GetRequiredService<ClientAddresses>().For(context);
            if (services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled
                && services.GetRequiredService<RepeatOffenders>().BlockedFor(address) is { } left)
            {
                services.GetRequiredService<Metrics.WhisperMeter>().Refused("blocked");
                return SlowDown.RespondAsync(context, left, (text, wait) => text["Refusal.Blocked", wait]);
            }

            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>The request is a room's or the stranger chat's live stream (the endpoints that take the stream limit).</summary>
    public static bool IsLiveStream(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is { PolicyName: Streams };

    public static TBuilder RequireStreamLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(Streams);

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var services = context.RequestServices;
        // A stream over the limit is a household's extra tab retrying by itself, not an attack: it never counts
        // towards a block of the whole address.
        // One of the policy names above (constants), or "posts" for the address-wide cap on form posts.
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "posts";
        services.GetRequiredService<Metrics.WhisperMeter>().Refused(policy);
        if (policy != Streams)
        {
            services.GetRequiredService<RepeatOffenders>().Strike(services.GetRequiredService<ClientAddresses>().For(context));
        }

        var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : DefaultRetry;
        await SlowDown.RespondAsync(context, retry, (text, wait) => text["Refusal.SlowDown", wait]);
    }

    private static long AddressKey(HttpContext context) => context.RequestServices.GetRequiredService<ClientAddresses>().For(context).Key;

    /// <summary>A joined visitor by their cookie's hash (one bucket however many tabs or addresses); others by address.</summary>
    private static RateLimitPartition<string> ByPerson(RateLimitOptions o, HttpContext context, Func<string, TokenBucketRateLimiterOptions> limits)
    {
        if (!o.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var hash = context.RequestServices.GetRequiredService<VisitorCookie>().ReadHash(context.Request);
        var key = hash is null ? "address:" + AddressKey(context) : "name:" + Convert.ToBase64String(hash);
        return RateLimitPartition.GetTokenBucketLimiter(key, limits);
    }

    private static RateLimitPartition<long> ByAddress(RateLimitOptions o, HttpContext context, TokenBucketRateLimiterOptions limits) =>
        o.Enabled ? RateLimitPartition.GetTokenBucketLimiter(AddressKey(context), _ => limits) : RateLimitPartition.GetNoLimiter(0L);

    /// <summary>A bucket that refills evenly over the window, so a refusal can say exactly when to try again.</summary>
    private static TokenBucketRateLimiterOptions Fixed(int count, TimeSpan window) => new()
    {
        TokenLimit = count,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = window / count,
        QueueLimit = 0,
    };

    private static TokenBucketRateLimiterOptions PerMinute(int count) => Fixed(count, TimeSpan.FromMinutes(1));
}
