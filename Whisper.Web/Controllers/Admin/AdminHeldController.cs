using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;

namespace Whisper.Web.Controllers.Admin;

/// <summary>Messages a filter held: a moderator of their room approves (posts them for everyone) or removes them.</summary>
[TeamOnly]
public sealed class AdminHeldController(HeldMessages held, Moderator moderator) : AdminPages
{
    [HttpGet("/admin/held")]
    public IActionResult Index() => View("Held", held.All.Where(m => User.MayModerate(m.Room)).ToList());

    [HttpPost("/admin/held/{id:long}/approve")]
    public Task<IActionResult> Approve([FromRoute] long id) => DecideAsync(id, approve: true);

    [HttpPost("/admin/held/{id:long}/remove")]
    public Task<IActionResult> Remove([FromRoute] long id) => DecideAsync(id, approve: false);

    private async Task<IActionResult> DecideAsync(long id, bool approve)
    {
        if (held.All.FirstOrDefault(m => m.Id == id) is { } message && !User.MayModerate(message.Room))
        {
            return Forbid();
        }

        // Already decided counts as done: two moderators may act on the same message.
        await moderator.DecideHeldAsync(id, approve);
        return this.SeeOther("/admin/held");
    }
}
