using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;

namespace Whisper.Web.Controllers;

public sealed record MePage(Visitor? Me, Ban? Ban, IReadOnlyList<Push.PushSubscription> Pushes, string? Notice = null);

public sealed record TransferPage(string Code, DateTimeOffset ExpiresAt, string Link);

public sealed record ReceivePage(string? Code = null, string? Error = null);

/// <summary>/me: what Whisper holds about the visitor, and the two things they can do with it: move it, delete it.</summary>
public sealed class MeController(Membership membership, Sanctions sanctions, TransferCodes transfers, Forgetting forgetting, Push.PushSubscriptions pushes, IStringLocalizer<Languages.Text> text) : Controller
{
    [HttpGet("/me")]
    public async Task<IActionResult> Index()
    {
        var me = await membership.CurrentAsync(HttpContext);
        return View(Page(me));
    }

    [HttpPost("/me/delete")]
    public async Task<IActionResult> Delete([FromForm] bool confirm)
    {
        var me = await membership.CurrentAsync(HttpContext);
        if (me is null)
        {
            return this.SeeOther("/me");
        }

        if (!confirm)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", Page(me) with { Notice = text["Me.Delete.Unconfirmed"] });
        }

        await forgetting.ForgetAsync(HttpContext);
        return View("Deleted", me);
    }

    private MePage Page(Visitor? me) => new(me, sanctions.BanOf(me?.Name), me is null ? [] : pushes.ForName(me.Name));

    [HttpPost("/me/transfer")]
    public async Task<IActionResult> Transfer()
    {
        if (await membership.CurrentAsync(HttpContext) is not { } me)
        {
            return this.SeeOther("/me");
        }

        var (code, expires) = await transfers.IssueAsync(me.Name);
        // The link carries the code so a phone can scan it; it is a GET that only fills the form, never redeems.
        var link = $"{Request.Scheme}://{Request.Host}/me/receive?code={Uri.EscapeDataString(code)}";
        Response.Headers.CacheControl = "no-store";
        return View("Transfer", new TransferPage(code, expires, link));
    }

    [HttpGet("/me/receive")]
    public IActionResult Receive([FromQuery] string? code) => View(new ReceivePage(code));

    [HttpPost("/me/receive")]
    [EnableRateLimiting(RateLimits.Transfers)]
    public async Task<IActionResult> Redeem([FromForm] string? code)
    {
        if (await membership.ReceiveAsync(HttpContext, transfers, code) is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Receive", new ReceivePage(code, text["Me.Receive.Refused", text.Duration(TransferCodes.Lifetime).Value]));
        }

        return this.SeeOther("/me");
    }
}
