using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Whisper.Web.Cluster;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Site;

namespace Whisper.Web.Controllers.Admin;

/// <summary>The admin's Site page: what is in force, what configuration fixes, and the form for the rest.</summary>
public sealed record SitePage(SiteOptions Current, Notice? Notice, Func<string, bool> Configured, string? Error = null, SiteForm? Typed = null)
{
    /// <summary>The name the admin saved, if any: the default is only a placeholder, so saving the form does not store it.</summary>
    public string? SavedName { get; init; }

    /// <summary>Contact ways as the form edits them: one per line, a label and then, optionally, its link.</summary>
    public string ContactText => Typed?.Contact ?? ContactLines.Format(Current.Contact);
}

/// <summary>What the Site form sends.</summary>
public sealed record SiteForm(string? Name, string? Operator, string? Contact, string? Notice);

/// <summary>The settings a first run should make that are not secrets (name, operator, contact) and the landing notice.</summary>
[AdminOnly]
public sealed class AdminSiteController(SiteSettings site, ClusterBus bus, AuditLog audit, IStringLocalizer<AdminText> text) : AdminPages
{
    public const int MaxNoticeLength = 500;
    public const int MaxFieldLength = 200;

    [HttpGet("/admin/site")]
    public IActionResult Index() => View("Site", Page());

    [HttpPost("/admin/site")]
    public async Task<IActionResult> Save([FromForm] string? name, [FromForm] string? @operator, [FromForm] string? contact, [FromForm] string? notice)
    {
        var typed = new SiteForm(name, @operator, contact, notice);
        var ways = ContactLines.Parse(contact);
        var error = name?.Length > MaxFieldLength || @operator?.Length > MaxFieldLength ? text["Site.Error.Length", MaxFieldLength]
            : notice?.Trim().Length > MaxNoticeLength ? text["Site.Error.Notice", MaxNoticeLength]
            : ways is null ? text["Site.Error.Contact"]
            : null;
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Site", Page(error, typed));
        }

        var changed = new List<string>();
        foreach (var (key, value, label) in new[] { (SiteSettings.Keys.Name, name, "name"), (SiteSettings.Keys.Operator, @operator, "operator"), (SiteSettings.Keys.Notice, notice, "notice") })
        {
            if (!site.IsConfigured(key) && Normalised(value) != Normalised(site.Saved(key)))
            {
                await site.SaveAsync(key, value);
                changed.Add(label);
            }
        }

        if (!site.IsConfigured(SiteSettings.Keys.Contact) && ContactLines.Format(ways!) != ContactLines.Format(site.Value.Contact))
        {
            await site.SaveContactAsync(ways!);
            changed.Add("contact");
        }

        if (changed.Count > 0)
        {
            await bus.PublishAsync(SiteSettings.Topic);
            await audit.WriteAsync("Audit.ChangedSite", string.Join(", ", changed));
        }

        return this.SeeOther("/admin/site");
    }

    private static string Normalised(string? value) => value?.Trim() ?? "";

    private SitePage Page(string? error = null, SiteForm? typed = null) =>
        new(site.Value, site.Notice, site.IsConfigured, error, typed) { SavedName = site.Saved(SiteSettings.Keys.Name) };
}
