using Whisper.Web.Identity;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// <c>GET /chat/{room}/events</c>: the live stream. A minimal endpoint rather than a controller action:
/// thousands stay open at once, and the MVC pipeline would cost every one of them memory for nothing.
/// </summary>
public static class RoomStreamEndpoint
{
    public static IEndpointConventionBuilder MapRoomStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/chat/{room}/events", async (string room, long? after, HttpContext context, RoomRegistry rooms, Visitors visitors) =>
        {
            if (rooms.Find(room) is not { } found)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            // The browser's own reconnect sends Last-Event-ID; the first connect and htmx-ext-sse's rebuilt
            // EventSource carry the page's last id in the query instead (htmx-extensions issue 184).
            var lastSeen = long.TryParse(context.Request.Headers["Last-Event-ID"], out var header) ? header : after;
            var me = await visitors.CurrentAsync(context);
            using var subscription = found.Subscribe(RoomPageModels.ViewerKey(me, context.TraceIdentifier), lastSeen);
            await EventStreamWriter.WriteAsync(context, subscription);
        });
}
