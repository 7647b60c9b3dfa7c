using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

/// <summary>The team: every account, the invitation form, and the link of an invitation just made (shown once).</summary>
public sealed record AccountsPage(IReadOnlyList<Account> Accounts, IReadOnlyList<string> Rooms, string? InvitationLink = null, string? Error = null, InviteForm? Typed = null);

/// <summary>The role and rooms fields of a form, as ticked.</summary>
public sealed record AccountFields(string? Role, IReadOnlyList<string> Checked, IReadOnlyList<string> AllRooms);

/// <summary>What the invitation form sends.</summary>
public sealed record InviteForm(string? Name, string? Role, IReadOnlyList<string> Rooms);

/// <summary>Moderation accounts: inviting moderators or admins, and disabling an account at once.</summary>
[AdminOnly]
public sealed class AdminAccountsController(Accounts accounts, AdminSessions sessions, HeldStreams heldStreams, RoomRegistry rooms, AuditLog audit, IStringLocalizer<AdminText> text) : AdminPages
{
    [HttpGet("/admin/accounts")]
    public async Task<IActionResult> Index() => View("Accounts", await PageAsync());

    [HttpPost("/admin/accounts")]
    public async Task<IActionResult> Invite([FromForm] string? name, [FromForm] string? role, [FromForm] string[]? room)
    {
        var typed = new InviteForm(name, role, room ?? []);
        var invitation = Parse(role) is not { } parsed
            ? new Invitation(null, null, ChooseARole)
            : await accounts.InviteAsync((name ?? "").Trim().ToLowerInvariant(), parsed, Given(parsed, typed.Rooms));
        if (invitation is not { Account: { } account, Token: { } token })
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Accounts", await PageAsync(error: text[invitation.Error ?? ChooseARole, typed.Name ?? ""], typed: typed));
        }

        await audit.WriteAsync(account.Role == AccountRole.Admin ? "Audit.InvitedAdmin" : "Audit.InvitedModerator", account.Name);
        // The link is shown this once: only its hash is stored, so it cannot be shown again.
        var link = $"{Request.Scheme}://{Request.Host}/admin/invitation?token={token}";
        return View("Accounts", await PageAsync(link));
    }

    /// <summary>Gives an account another role or other rooms; its live sessions follow on their next request, on every node.</summary>
    [HttpPost("/admin/accounts/{name}/role")]
    public async Task<IActionResult> Change([FromRoute] string name, [FromForm] string? role, [FromForm] string[]? room)
    {
        if (Parse(role) is not { } parsed)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Accounts", await PageAsync(error: text[ChooseARole]));
        }

        if (await accounts.ChangeAsync(name, parsed, Given(parsed, room ?? [])) is not { } changed)
        {
            return NotFound();
        }

        await heldStreams.EndAccountAsync(changed.Name);
        var where = changed.Role == AccountRole.Admin || changed.Rooms.Count == 0 ? AuditLog.Key("Audit.EveryRoom") : string.Join(", ", changed.Rooms);
        await audit.WriteAsync(changed.Role == AccountRole.Admin ? "Audit.MadeAdmin" : "Audit.MadeModerator", changed.Name, where);
        return this.SeeOther("/admin/accounts");
    }

    /// <summary>Disables an account and ends its sessions: every node checks sessions in the shared database on each request.</summary>
    [HttpPost("/admin/accounts/{name}/disable")]
    public async Task<IActionResult> Disable([FromRoute] string name)
    {
        if (await accounts.SetDisabledAsync(name, disabled: true))
        {
            await sessions.EndAllAsync(name);
            await heldStreams.EndAccountAsync(name);
            await audit.WriteAsync("Audit.Disabled", name);
        }

        return this.SeeOther("/admin/accounts");
    }

    [HttpPost("/admin/accounts/{name}/enable")]
    public async Task<IActionResult> Enable([FromRoute] string name)
    {
        if (await accounts.SetDisabledAsync(name, disabled: false))
        {
            await audit.WriteAsync("Audit.Enabled", name);
        }

        return this.SeeOther("/admin/accounts");
    }

    private const string ChooseARole = "Accounts.Error.Role";

    private static AccountRole? Parse(string? role) => Enum.TryParse<AccountRole>(role, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;

    /// <summary>The rooms ticked that exist; an admin's are all.</summary>
    private List<string> Given(AccountRole role, IEnumerable<string> ticked) =>
        role == AccountRole.Admin ? [] : ticked.Where(r => rooms.Find(r) is not null).Distinct().ToList();

    private async Task<AccountsPage> PageAsync(string? link = null, string? error = null, InviteForm? typed = null) =>
        new(await accounts.AllAsync(), rooms.All.Select(r => r.Name).ToList(), link, error, typed);
}
