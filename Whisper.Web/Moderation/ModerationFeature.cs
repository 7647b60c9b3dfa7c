using Htmx;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Storage;

namespace Whisper.Web.Moderation;

public static class ModerationFeature
{
    public const string Scheme = "Admin";
    public const string Policy = "Admin";

    /// <summary>The admin session cookie, sent only to /admin.</summary>
    public const string AdminCookie = "whisper_admin";

    public static WebApplicationBuilder AddModeration(this WebApplicationBuilder builder)
    {
        builder.AddSettings<AdminOptions>(AdminOptions.Section);
        builder.Services.AddSingleton<AdminPassword>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<Reports>();
        builder.Services.AddSingleton<Sanctions>();
        builder.Services.AddSingleton<AdminSessions>();
        foreach (var schema in new[] { typeof(AdminPassword), typeof(AdminSessions), typeof(AuditLog), typeof(Reports), typeof(Sanctions) })
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
            o.AccessDeniedPath = "/admin/login";
            o.Events.OnRedirectToLogin = RedirectPagesOnly;
            // The cookie alone is not enough: its session must still be open on the server (logout ends it).
            o.Events.OnValidatePrincipal = context => context.HttpContext.RequestServices.GetRequiredService<AdminSessions>().ValidateAsync(context);
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<IOptions<AdminOptions>>((cookie, admin) => cookie.ExpireTimeSpan = TimeSpan.FromHours(admin.Value.SessionHours));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>A page asked for without the admin cookie goes to the login; htmx requests and form posts get a plain 401.</summary>
    private static Task RedirectPagesOnly(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.Request.IsHtmx() || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
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
        Sanctions sanctions, Moderator moderator, ClusterBus bus, AdminPassword password)
        : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await sanctions.LoadAsync();
            bus.On(Moderator.SanctionsTopic, moderator.SanctionsChangedAsync);
            // The setup link, if one is needed, is in the block Site.StartBanner prints once the server listens.
            await password.LoadAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Marks an admin controller: only the admin session cookie opens it.</summary>
public sealed class AdminOnlyAttribute : AuthorizeAttribute
{
    public AdminOnlyAttribute() => Policy = ModerationFeature.Policy;
}
