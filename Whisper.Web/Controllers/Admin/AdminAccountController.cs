using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;

namespace Whisper.Web.Controllers.Admin;

/// <summary>The admin login, logout, the first admin's one-time password setup and a moderator's invitation.</summary>
public sealed record LoginPage(string? Error = null, string? ReturnUrl = null, bool PasswordSet = true, string? Account = null);

/// <summary>Choosing a password through a one-time link: the first admin's setup link, or a moderator's invitation.</summary>
public sealed record SetupPage(string Token, string? Error = null, Account? Invited = null);

public sealed class AdminAccountController(AdminPassword password, Accounts accounts, AdminSessions sessions, HeldStreams heldStreams, LoginGuard guard, AuditLog audit, IStringLocalizer<AdminText> text, IStringLocalizer<Text> durations) : AdminPages
{
    [HttpGet("/admin/login")]
    public IActionResult Login([FromQuery] string? returnUrl) => View(new LoginPage(ReturnUrl: returnUrl, PasswordSet: password.IsSet));

    [HttpPost("/admin/login")]
    [EnableRateLimiting(RateLimits.Login)]
    public async Task<IActionResult> CheckPassword([FromForm] string? account, [FromForm(Name = "password")] string? typed, [FromForm] string? returnUrl)
    {
        var name = (account ?? "").Trim().ToLowerInvariant();
        if (await guard.AttemptAsync(name) is { } held)
        {
            await SlowDown.RespondAsync(HttpContext, held, text["Login.TooMany", durations.Duration(held, DurationStyle.WaitRoundedUp)]);
            return new EmptyResult();
        }

        if (await accounts.VerifyAsync(name, typed) is not { } opened)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return View("Login", new LoginPage(text["Login.Wrong"], returnUrl, password.IsSet, name));
        }

        await guard.SucceededAsync(name);
        await SignInAsync(opened);
        return this.SeeOther(Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin");
    }

    [HttpPost("/admin/logout")]
    public async Task<IActionResult> LogOut()
    {
        if ((await HttpContext.AuthenticateAsync(ModerationFeature.Scheme)).Principal is { } admin)
        {
            await sessions.EndAsync(admin);
        }

        await HttpContext.SignOutAsync(ModerationFeature.Scheme);
        return this.SeeOther("/admin/login");
    }

    /// <summary>Ends every session of this account, on every device and node (a cookie may have been copied).</summary>
    [HttpPost("/admin/logout/everywhere")]
    [TeamOnly]
    public async Task<IActionResult> LogOutEverywhere()
    {
        var name = User.FindFirstValue(ClaimTypes.Name)!;
        await sessions.EndAllAsync(name);
        await heldStreams.EndAccountAsync(name);
        await audit.WriteAsync("Audit.LoggedOutEverywhere", name);
        await HttpContext.SignOutAsync(ModerationFeature.Scheme);
        return this.SeeOther("/admin/login");
    }

    /// <summary>Where a page this account may not open sends it.</summary>
    [HttpGet("/admin/not-allowed")]
    [TeamOnly]
    public IActionResult NotAllowed()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }

    [HttpGet("/admin/setup")]
    public IActionResult Setup([FromQuery] string? token) =>
        password.AcceptsSetupToken(token) ? View(new SetupPage(token!)) : InvalidSetupLink();

    [HttpPost("/admin/setup")]
    [EnableRateLimiting(RateLimits.Login)]
    public async Task<IActionResult> SavePassword([FromForm] string? token, [FromForm(Name = "password")] string? chosen, [FromForm] string? confirmation)
    {
        if (!password.AcceptsSetupToken(token))
        {
            return InvalidSetupLink();
        }

        if (AdminPassword.Weakness(chosen, confirmation) is { } weakness)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Setup", new SetupPage(token!, text[weakness, AdminPassword.MinLength]));
        }

        if (!await password.SetUpAsync(token, chosen!))
        {
            return InvalidSetupLink();
        }

        await SignInAsync((await accounts.FindAsync(Accounts.FirstAdmin))!);
        await audit.WriteAsync("Audit.SetPassword", "");
        return this.SeeOther("/admin");
    }

    [HttpGet("/admin/invitation")]
    public async Task<IActionResult> Invitation([FromQuery] string? token) =>
        await accounts.InvitedByAsync(token) is { } invited ? View("Setup", new SetupPage(token!, Invited: invited)) : InvalidSetupLink();

    [HttpPost("/admin/invitation")]
    [EnableRateLimiting(RateLimits.Login)]
    public async Task<IActionResult> Accept([FromForm] string? token, [FromForm(Name = "password")] string? chosen, [FromForm] string? confirmation)
    {
        if (await accounts.InvitedByAsync(token) is not { } invited)
        {
            return InvalidSetupLink();
        }

        if (AdminPassword.Weakness(chosen, confirmation) is { } weakness)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Setup", new SetupPage(token!, text[weakness, AdminPassword.MinLength], invited));
        }

        if (await accounts.AcceptAsync(token, chosen!) is not { } account)
        {
            return InvalidSetupLink();
        }

        await SignInAsync(account);
        await audit.WriteAsync("Audit.AcceptedInvitation", account.Name);
        return this.SeeOther("/admin");
    }

    private ViewResult InvalidSetupLink()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("SetupUsed");
    }

    /// <summary>Signs in, and makes this request the account's, so the audit entry that follows names it.</summary>
    private async Task SignInAsync(Account account)
    {
        var principal = await sessions.StartAsync(account);
        await HttpContext.SignInAsync(ModerationFeature.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        HttpContext.User = principal;
    }
}
