using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

/// <summary>Switches the raid shield by hand, for the whole site or one room; its state is shown on the admin home.</summary>
[AdminOnly]
public sealed class AdminShieldController(RaidShield shield, RoomRegistry rooms) : AdminPages
{
    [HttpPost("/admin/shield")]
    public async Task<IActionResult> Switch([FromForm] bool on, [FromForm] string? room)
    {
        var target = rooms.Find(room);
        if (room is not null && target is null)
        {
            return NotFound();
        }

        await shield.SwitchAsync(target?.Name, on);
        return this.SeeOther("/admin#shield");
    }
}
