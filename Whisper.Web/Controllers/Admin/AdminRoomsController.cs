using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

/// <summary>Rooms from the admin's side: the live view with delete controls, announcements, settings, create and delete.</summary>
[TeamOnly]
public sealed class AdminRoomsController(RoomRegistry rooms, RoomChat chat, RoomPageBuilder pages, Moderator moderator, TimeProvider time, IStringLocalizer<AdminText> adminText) : AdminPages
{
    [HttpGet("/admin/chat/{room}")]
    public IActionResult Live([FromRoute] string room) =>
        !User.MayModerate(room) ? Forbid()
        : rooms.Find(room) is { } found
            ? View(RoomViews.Page, pages.For(HttpContext, found, null, new ComposerForm(found.Name, chat.MaxLength)) with { ForAdmin = true, Banned = null, CannotPost = null })
            : NotFound();

    [HttpPost("/admin/chat/{room}/deletions")]
    public async Task<IActionResult> Delete([FromRoute] string room, [FromForm] long seq)
    {
        if (!User.MayModerate(room))
        {
            return Forbid();
        }

        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        await moderator.DeleteMessageAsync(found, seq);
        // Already gone counts as done: two moderators may delete the same message.
        return Request.IsHtmx() ? NoContent() : this.SeeOther("/admin" + found.Settings.Path);
    }

    [HttpPost("/admin/announcements")]
    public async Task<IActionResult> Announce([FromForm] string? room, [FromForm] string? text, [FromForm] bool pin)
    {
        var target = rooms.Find(room);
        if (!string.IsNullOrEmpty(room) && target is null)
        {
            return NotFound();
        }

        if (!User.MayModerate(target?.Name))
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(text) || !await moderator.AnnounceAsync(target, text, pin))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var form = new AnnouncementForm(target?.Name, text, adminText["Announce.Error", chat.MaxLength].Value);
            return Request.IsHtmx() ? PartialView("_AnnouncementForm", form) : View("AnnouncementRefused", form);
        }

        return Request.IsHtmx()
            ? PartialView("_AnnouncementForm", new AnnouncementForm(target?.Name))
            : this.SeeOther(target is null ? "/admin" : "/admin" + target.Settings.Path);
    }

    [HttpPost("/admin/chat/{room}/unpin")]
    [AdminOnly]
    public async Task<IActionResult> Unpin([FromRoute] string room)
    {
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        await moderator.UnpinAsync(found);
        return this.SeeOther($"/admin{found.Settings.Path}/settings");
    }

    [HttpPost("/admin/rooms")]
    [AdminOnly]
    public async Task<IActionResult> Create([FromForm] string? name, [FromForm] string? title, [FromForm] string? description)
    {
        var settings = new RoomSettings((name ?? "").Trim().ToLowerInvariant(), MessageText.StripInvisible(title).Trim(), MessageText.StripInvisible(description).Trim());
        var error = Problem(settings) ?? (await moderator.CreateRoomAsync(settings) ? null : adminText["Room.Error.Taken", settings.Name].Value);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Settings", new RoomForm(settings, IsNew: true, error));
        }

        return this.SeeOther($"/admin{settings.Path}");
    }

    [HttpGet("/admin/chat/{room}/settings")]
    [AdminOnly]
    public IActionResult Settings([FromRoute] string room) =>
        rooms.Find(room) is { } found ? View(new RoomForm(found.Settings, IsNew: false)) : NotFound();

    [HttpPost("/admin/chat/{room}/settings")]
    [AdminOnly]
    public async Task<IActionResult> Save(
        [FromRoute] string room, [FromForm] string? title, [FromForm] string? description, [FromForm] bool closed,
        [FromForm] int slowModeSeconds, [FromForm] int newNamesWaitMinutes, [FromForm] bool lockdown)
    {
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        var current = found.Settings;
        var settings = current with
        {
            Title = MessageText.StripInvisible(title).Trim(),
            Description = MessageText.StripInvisible(description).Trim(),
            Closed = closed,
            SlowModeSeconds = slowModeSeconds,
            NewNamesWaitMinutes = newNamesWaitMinutes,
            // Lockdown keeps its original moment while it stays on: names from before it keep their voice.
            LockedSince = lockdown ? current.LockedSince ?? time.GetUtcNow() : null,
        };
        if (Problem(settings) is { } error)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Settings", new RoomForm(settings, IsNew: false, error));
        }

        await moderator.UpdateRoomAsync(settings, "Audit.ChangedRoom");
        return this.SeeOther($"/admin{settings.Path}/settings");
    }

    [HttpPost("/admin/chat/{room}/delete")]
    [AdminOnly]
    public async Task<IActionResult> DeleteRoom([FromRoute] string room)
    {
        if (room == RoomRegistry.Lobby)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Settings", new RoomForm(rooms.Find(room)!.Settings, IsNew: false, adminText["Room.Error.Lobby"].Value));
        }

        return await moderator.DeleteRoomAsync(room) ? this.SeeOther("/admin") : NotFound();
    }

    private string? Problem(RoomSettings settings) =>
        !RoomSettings.IsValidName(settings.Name) ? adminText["Room.Error.Address"].Value
        : settings.Title.Length is < 1 or > 60 ? adminText["Room.Error.Title"].Value
        : settings.Description.Length > 200 ? adminText["Room.Error.Description"].Value
        : settings.SlowModeSeconds is < 0 or > 3600 ? adminText["Room.Error.SlowMode"].Value
        : settings.NewNamesWaitMinutes is < 0 or > 10_080 ? adminText["Room.Error.Wait"].Value
        : null;
}
