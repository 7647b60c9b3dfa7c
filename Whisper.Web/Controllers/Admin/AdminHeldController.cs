using Htmx;
using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Hosting;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;
using Whisper.Web.Sse;

namespace Whisper.Web.Controllers.Admin;

/// <summary>Messages a filter held: listed here and streamed to a room's live view; a moderator of their room approves (posts them for everyone) or removes them.</summary>
[TeamOnly]
public sealed class AdminHeldController(HeldMessages held, HeldStreams streams, RoomRegistry rooms, Moderator moderator) : AdminPages
{
    [HttpGet("/admin/held")]
    public IActionResult Index() => View("Held", new HeldList(null, held.All.Where(m => User.MayModerate(m.Room)).ToList()));

    /// <summary>The room's held messages for its live view: the list now, then again at every change.</summary>
    [HttpGet("/admin/chat/{room}/held")]
    [NotActivity]
    public async Task<IActionResult> Stream([FromRoute] string room)
    {
        if (rooms.Find(room) is not { } found)
        {
            return NotFound();
        }

        if (!User.MayModerate(found.Name))
        {
            return Forbid();
        }

        var watcher = streams.Watch(found.Name, User.Identity!.Name!);
        try
        {
            await EventStreamWriter.WriteAsync(HttpContext, Metrics.StreamKind.Team, watcher, [await streams.FrameAsync(held.In(found.Name))]);
        }
        finally
        {
            streams.Leave(watcher);
        }

        return new EmptyResult();
    }

    [HttpPost("/admin/held/approve")]
    public Task<IActionResult> Approve([FromForm] long id, [FromForm] string? back) => DecideAsync(id, back, approve: true);

    [HttpPost("/admin/held/remove")]
    public Task<IActionResult> Remove([FromForm] long id, [FromForm] string? back) => DecideAsync(id, back, approve: false);

    private async Task<IActionResult> DecideAsync(long id, string? back, bool approve)
    {
        if (held.Find(id) is { } message && !User.MayModerate(message.Room))
        {
            return Forbid();
        }

        // Already decided counts as done: two moderators may act on the same message. The live view updates by its stream.
        // The room is checked again on what is taken: the message found above may not be the one there now.
        await moderator.DecideHeldAsync(id, approve, taken => User.MayModerate(taken.Room));
        return Request.IsHtmx() ? NoContent()
            : this.SeeOther(back is not null && Url.IsLocalUrl(back) && back.StartsWith("/admin", StringComparison.Ordinal) ? back : "/admin/held");
    }
}
