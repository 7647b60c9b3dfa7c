using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;
using Whisper.Web.Site;

namespace Whisper.Web.Controllers.Admin;

public sealed record SitePage(Notice? Notice, bool Configured, string? Error = null, string? Typed = null);

/// <summary>The site notice on the landing page: set, changed or cleared, unless configuration sets it.</summary>
[AdminOnly]
public sealed class AdminSiteController(SiteNotice notice, ClusterBus bus, AuditLog audit) : AdminPages
{
    public const int MaxNoticeLength = 500;

    [HttpGet("/admin/site")]
    public IActionResult Index() => View("Site", new SitePage(notice.Current, notice.IsConfigured));

    [HttpPost("/admin/site/notice")]
    public async Task<IActionResult> SetNotice([FromForm] string? text, [FromForm] bool clear)
    {
        if (notice.IsConfigured)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("Site", new SitePage(notice.Current, true, "This notice is set in configuration (Whisper:Site:Notice): change it there."));
        }

        var value = clear ? null : text?.Trim();
        if (value?.Length > MaxNoticeLength || (!clear && string.IsNullOrEmpty(value)))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Site", new SitePage(notice.Current, false, $"Write a notice of 1 to {MaxNoticeLength} characters, or clear it.", text));
        }

        await notice.SetAsync(value);
        await bus.PublishAsync(SiteNotice.Topic);
        await audit.WriteAsync(value is null ? "Cleared the site notice" : "Set the site notice", value ?? "landing page");
        return this.SeeOther("/admin/site");
    }
}
