using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Identity;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Push;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers;

public sealed record SubscriptionKeys(string? P256dh, string? Auth);

/// <summary>
/// What push.js posts: the browser's PushSubscription for one room, whether pushes may carry text, and whether only
/// mentions (and replies and reactions to one's own messages) are pushed rather than every message.
/// </summary>
public sealed record SubscriptionRequest(string? Room, string? Endpoint, SubscriptionKeys? Keys, bool ShowText, bool MentionsOnly = false);

/// <summary>Web Push: the server's key, and subscribing and unsubscribing a browser to a room.</summary>
public sealed class PushController(
    Vapid vapid, PushSubscriptions subscriptions, RoomRegistry rooms, Membership membership, Sanctions sanctions, IOptions<PushOptions> options,
    IStringLocalizer<AppText> text) : Controller
{
    [HttpGet("/push/key")]
    public IActionResult Key() => Content(vapid.PublicKey, "text/plain");

    private const int MaxBodyBytes = 8 * 1024;

    [HttpPost("/push/subscriptions")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Subscribe()
    {
        // Read here rather than bound: a body too large or unreadable gets its own sentence, never a 500.
        if (Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        SubscriptionRequest? request;
        try
        {
            request = await Request.ReadFromJsonAsync<SubscriptionRequest>(HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return Problem(text["Push.Refuse.NotJson"], statusCode: StatusCodes.Status400BadRequest);
        }

        var me = await membership.CurrentAsync(HttpContext);
        if (me is null)
        {
            return Problem(text["Push.Refuse.JoinFirst"], statusCode: StatusCodes.Status403Forbidden);
        }

        if (sanctions.Refusal(HttpContext, me) is { } banned)
        {
            return Problem(banned, statusCode: StatusCodes.Status403Forbidden);
        }

        if (request is null || rooms.Find(request.Room) is not { } room)
        {
            return Problem(text["Push.Refuse.NoRoom"], statusCode: StatusCodes.Status404NotFound);
        }

        if (!PushKeys.AreValid(request.Keys?.P256dh, request.Keys?.Auth)
            || !await PushEndpoints.IsAcceptableAsync(request.Endpoint, options.Value.AllowLoopbackEndpoints, HttpContext.RequestAborted))
        {
            return Problem(text["Push.Refuse.Unusable"], statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        // The page's language (its request's): every push to this subscription is written in it.
        var saved = await subscriptions.SaveAsync(me.Name, room.Name, request.Endpoint!, request.Keys!.P256dh!, request.Keys.Auth!, request.ShowText,
            request.MentionsOnly, System.Globalization.CultureInfo.CurrentUICulture.Name);
        return StatusCode(StatusCodes.Status201Created, new { id = saved.Id, room = saved.Room, showText = saved.ShowText, mentionsOnly = saved.MentionsOnly });
    }

    private ObjectResult TooLarge() =>
        Problem(text["Push.Refuse.TooLarge", MaxBodyBytes / 1024], statusCode: StatusCodes.Status413PayloadTooLarge);

    [HttpDelete("/push/subscriptions")]
    public async Task<IActionResult> Unsubscribe([FromBody] SubscriptionRequest? request)
    {
        var me = await membership.CurrentAsync(HttpContext);
        var mine = me is not null && request?.Endpoint is not null
            && subscriptions.ForName(me.Name).Any(s => s.Endpoint == request.Endpoint && s.Room == request.Room);
        return mine && await subscriptions.RemoveAsync(request!.Endpoint!, request.Room!) ? NoContent() : NotFound();
    }

    /// <summary>The form on /me: every message, or mentions only, for one of my subscriptions (works without script).</summary>
    [HttpPost("/push/subscriptions/{id:long}/choice")]
    public async Task<IActionResult> Choose([FromRoute] long id, [FromForm] bool mentionsOnly)
    {
        var me = await membership.CurrentAsync(HttpContext);
        if (me is null || !subscriptions.ForName(me.Name).Any(s => s.Id == id))
        {
            return NotFound();
        }

        await subscriptions.ChooseAsync(id, mentionsOnly);
        return this.SeeOther("/me#pushes");
    }

    /// <summary>The form on /me: stop one of my subscriptions.</summary>
    [HttpPost("/push/subscriptions/{id:long}/delete")]
    public async Task<IActionResult> Stop([FromRoute] long id)
    {
        var me = await membership.CurrentAsync(HttpContext);
        if (me is not null && subscriptions.ForName(me.Name).Any(s => s.Id == id))
        {
            await subscriptions.RemoveAsync(id);
        }

        return this.SeeOther("/me");
    }
}
