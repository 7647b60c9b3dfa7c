using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;

namespace Whisper.Web.Controllers.Admin;

/// <summary>Switches the raid shield by hand; its state is shown on the admin home.</summary>
[AdminOnly]
public sealed class AdminShieldController(RaidShield shield) : AdminPages
{
    [HttpPost("/admin/shield")]
    public async Task<IActionResult> Switch([FromForm] bool on)
    {
        await shield.SwitchAsync(on);
        return this.SeeOther("/admin#shield");
    }
}
