using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;

namespace Whisper.Web.Controllers.Admin;

/// <summary>The admin login, logout and the one-time password setup.</summary>
public sealed record LoginPage(string? Error = null, string? ReturnUrl = null, bool PasswordSet = true);

public sealed record SetupPage(string Token, string? Error = null);

public sealed class AdminAccountController(AdminPassword password, AdminSessions sessions, AuditLog audit) : AdminPages
{
    [HttpGet("/admin/login")]
    public IActionResult Login([FromQuery] string? returnUrl) => View(new LoginPage(ReturnUrl: returnUrl, PasswordSet: password.IsSet));

    [HttpPost("/admin/login")]
    [EnableRateLimiting(RateLimits.Login)]
    public async Task<IActionResult> CheckPassword([FromForm(Name = "password")] string? typed, [FromForm] string? returnUrl)
    {
        if (!password.Verify(typed))
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return View("Login", new LoginPage("That password is not right.", returnUrl, password.IsSet));
        }

        await SignInAsync();
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

    /// <summary>Ends every admin session, on every device and node (a cookie may have been copied).</summary>
    [HttpPost("/admin/logout/everywhere")]
    [AdminOnly]
    public async Task<IActionResult> LogOutEverywhere()
    {
        await sessions.EndAllAsync();
        await audit.WriteAsync("Logged out every admin session", "all sessions");
        await HttpContext.SignOutAsync(ModerationFeature.Scheme);
        return this.SeeOther("/admin/login");
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
            return View("Setup", new SetupPage(token!, weakness));
        }

        if (!await password.SetUpAsync(token, chosen!))
        {
            return InvalidSetupLink();
        }

        await audit.WriteAsync("Set the admin password", "setup link");
        await SignInAsync();
        return this.SeeOther("/admin");
    }

    private ViewResult InvalidSetupLink()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("SetupUsed");
    }

    private async Task SignInAsync() =>
        await HttpContext.SignInAsync(ModerationFeature.Scheme, await sessions.StartAsync(), new AuthenticationProperties { IsPersistent = false });
}
