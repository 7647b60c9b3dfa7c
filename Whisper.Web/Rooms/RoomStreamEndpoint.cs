using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Sse;

namespace Whisper.Web.Rooms;

/// <summary>
/// <c>GET /chat/{room}/events</c>: the live stream. A minimal endpoint rather than a controller action:
/// thousands stay open at once, and the MVC pipeline would cost every one of them memory for nothing.
/// </summary>
public static class RoomStreamEndpoint
{
    /// <summary>Sent when messages the page has not seen are gone from the ring: it must fetch the list again.</summary>
    private static readonly SseFrame Reload = SseFrame.Event("reload", "messages were missed");

    public static IEndpointConventionBuilder MapRoomStream(this IEndpointRouteBuilder app) =>
        app.MapGet("/chat/{room}/events", async (string room, long? after, HttpContext context, RoomRegistry rooms, Membership membership, Sanctions sanctions, ClientAddresses addresses) =>
        {
            if (rooms.Find(room) is not { } found)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var me = await membership.CurrentAsync(context);
            if (sanctions.Refusal(context, me) is { } banned)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(banned);
                return;
            }

            if (me is not null)
            {
                addresses.SeenAs(context, me.Name);
            }

            // The browser's own reconnect sends Last-Event-ID; the first connect and htmx-ext-sse's rebuilt
            // EventSource carry the page's last id in the query instead (htmx-extensions issue 184).
            var lastSeen = long.TryParse(context.Request.Headers["Last-Event-ID"], out var header) ? header : after;
            using var connection = addresses.Connect(context);
            // Heard before the replay is taken, so nothing falls between what the replay holds and what comes live.
            await using var listening = await found.ListenAsync();
            using var subscription = found.Subscribe(RoomPageBuilder.ViewerKey(me, context.TraceIdentifier), lastSeen);
            await EventStreamWriter.WriteAsync(context, Metrics.StreamKind.Room, subscription.Subscriber, subscription.MissedMessages ? [Reload, .. subscription.Replay] : subscription.Replay);
        }).RequireStreamLimit().RefuseWhileStopping();
}
