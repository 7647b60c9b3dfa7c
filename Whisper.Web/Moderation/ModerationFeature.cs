using Htmx;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

public static class ModerationFeature
{
    public const string Scheme = "Admin";

    /// <summary>Any moderation account, admin or moderator.</summary>
    public const string TeamPolicy = "Team";

    /// <summary>Admin accounts only: accounts, rooms, filters, the raid shield, the site, the audit log.</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>The admin session cookie, sent only to /admin.</summary>
    public const string AdminCookie = "whisper_admin";

    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        builder.AddSettings<AdminOptions>(AdminOptions.Section);
        builder.Services.AddSingleton<AdminPassword>();
        builder.Services.AddSingleton<Accounts>();
        builder.Services.AddSingleton<LoginGuard>();
        builder.Services.AddSingleton<Filters>();
        builder.Services.AddSingleton<HeldMessages>();
        builder.Services.AddSingleton<HeldStreams>();
        builder.AddSettings<RaidShieldOptions>(RaidShieldOptions.Section);
        builder.Services.AddSingleton<RaidShield>();
        builder.Services.AddHostedService<ShieldWatch>();
        // Cluster/ replaces these two with Redis when several nodes share the work.
        builder.Services.TryAddSingleton<IUsedOnce, UsedOnceInMemory>();
        builder.Services.TryAddSingleton<IFailedLogins, FailedLoginsInMemory>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<Reports>();
        builder.Services.AddSingleton<Sanctions>();
        builder.Services.AddSingleton<AdminSessions>();
        foreach (var schema in new[] { typeof(AdminPassword), typeof(Accounts), typeof(AdminSessions), typeof(AuditLog), typeof(Reports), typeof(Sanctions), typeof(Filters), typeof(RaidShield) })
        {
            builder.Services.AddSingleton(sp => (ISchema)sp.GetRequiredService(schema));
        }

        builder.Services.AddSingleton<Moderator>();
        builder.Services.AddHostedService<ModerationLoader>();
        builder.Services.AddHostedService<RecordSweeper>();

        // The admin session is its own cookie, sent only to /admin: a visitor's identity cookie grants nothing there.
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = AdminCookie;
            o.Cookie.Path = "/admin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.LoginPath = "/admin/login";
            o.AccessDeniedPath = "/admin/not-allowed";
            o.Events.OnCheckSlidingExpiration = context =>
            {
                context.ShouldRenew &= !NotActivityAttribute.Marks(context.HttpContext);
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToLogin = RedirectPagesOnly;
            o.Events.OnRedirectToAccessDenied = RedirectPagesOnly;
            // The cookie alone is not enough: its session must still be open on the server (logout ends it).
            o.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<AdminSessions>().ValidateAsync(context);
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<IOptions<AdminOptions>>((cookie, admin) => cookie.ExpireTimeSpan = TimeSpan.FromHours(admin.Value.SessionHours));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(TeamPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(AccountRole.Admin)));
        return builder;
    }

    /// <summary>
    /// A page asked for without the admin cookie goes to the login (one the account may not open, to the page saying
    /// so); htmx requests and form posts get a plain 401 (403).
    /// </summary>
    private static Task RedirectPagesOnly(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.Request.IsHtmx() || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = context.Response.StatusCode == StatusCodes.Status403Forbidden || context.RedirectUri.Contains("/admin/not-allowed", StringComparison.Ordinal)
                ? StatusCodes.Status403Forbidden
                : StatusCodes.Status401Unauthorized;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>Every hour: reports and audit entries past their configured days are deleted (the policy states both).</summary>
    private sealed class RecordSweeper(Reports reports, AuditLog audit, IOptions<AdminOptions> options, TimeProvider time, ILogger<RecordSweeper> logger)
        : PeriodicWork(TimeSpan.FromHours(1), time, logger)
    {
        protected override async Task RunOnceAsync(CancellationToken stoppingToken)
        {
            var now = Clock.GetUtcNow();
            await reports.DeleteFiledBeforeAsync(now.AddDays(-options.Value.ReportRetentionDays));
            await audit.DeleteWrittenBeforeAsync(now.AddDays(-options.Value.AuditRetentionDays));
        }
    }

    /// <summary>Loads bans and the admin password; with no password set, a setup token for the start block to print.</summary>
    private sealed class ModerationLoader(
        Sanctions sanctions, Moderator moderator, ClusterBus bus, AdminPassword password, AuditLog audit, Filters filters, RaidShield shield, HeldStreams held)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await audit.UpgradeAsync();
            await sanctions.LoadAsync();
            bus.On(Moderator.SanctionsTopic, moderator.SanctionsChangedAsync);
            bus.On(Sanctions.TimedMuteTopic, sanctions.TimedMuteArrivedAsync);
            await filters.LoadAsync();
            bus.On(Filters.Topic, _ => filters.LoadAsync());
            await shield.LoadAsync();
            bus.On(RaidShield.Topic, _ => shield.LoadAsync());
            bus.On(HeldStreams.AccountTopic, held.EndAccountHereAsync);
            // The setup link, if one is needed, is in the block Site.StartBanner prints once the server listens.
            await password.LoadAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Marks what only an admin account may open: accounts, rooms, filters, the raid shield, the site, the audit log.</summary>
public sealed class AdminOnlyAttribute : AuthorizeAttribute
{
    public AdminOnlyAttribute() => Policy = ModerationFeature.AdminPolicy;
}

/// <summary>Marks what every moderation account may open (with room actions limited to the account's rooms).</summary>
public sealed class TeamOnlyAttribute : AuthorizeAttribute
{
    public TeamOnlyAttribute() => Policy = ModerationFeature.TeamPolicy;
}

/// <summary>What the current admin request's account may do.</summary>
public static class TeamMember
{
    public static bool IsAdmin(this System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(nameof(AccountRole.Admin));

    /// <summary>An admin moderates every room; a moderator the rooms given (none given: every room).</summary>
    public static bool MayModerate(this System.Security.Claims.ClaimsPrincipal user, string? room)
    {
        var rooms = user.FindFirst(AdminSessions.RoomsClaim)?.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return user.IsAdmin() || rooms.Length == 0 || (room is not null && rooms.Contains(room, StringComparer.Ordinal));
    }
}
