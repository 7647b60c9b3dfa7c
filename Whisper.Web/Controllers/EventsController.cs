using Microsoft.AspNetCore.Mvc;
using Whisper.Web.Identity;
using Whisper.Web.Rooms;
using Whisper.Web.Sse;

namespace Whisper.Web.Controllers;

/// <summary>The live stream of a room.</summary>
public sealed class EventsController(RoomRegistry rooms, Visitors visitors) : Controller
{
    [HttpGet("/chat/{room}/events")]
    public async Task Stream([FromRoute] string room, [FromQuery] long? after)
    {
        if (rooms.Find(room) is not { } found)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // The browser's own reconnect sends Last-Event-ID; the first connect and htmx-ext-sse's rebuilt
        // EventSource carry the page's last id in the query instead (htmx-extensions issue 184).
        var lastSeen = long.TryParse(Request.Headers["Last-Event-ID"], out var header) ? header : after;
        var me = await visitors.CurrentAsync(HttpContext);
        // People count once however many tabs they open; readers who have not joined count per stream.
        var viewerKey = me?.Name ?? "reader:" + HttpContext.TraceIdentifier;

        using var subscription = found.Subscribe(viewerKey, lastSeen);
        await EventStreamWriter.WriteAsync(HttpContext, subscription);
    }
}
