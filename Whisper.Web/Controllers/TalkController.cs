using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Privacy;
using Whisper.Web.Rooms;
using Whisper.Web.Talk;

namespace Whisper.Web.Controllers;

public sealed record TalkPage(int MinimumAge, string? Error = null);

/// <summary>A conversation's page: the ICE servers come with each match (their relay credentials are per conversation).</summary>
public sealed record TalkPanel(
    string Session, TalkMode Mode, int MaxLength, IReadOnlyList<ReportChoice> ReportReasons, int MinimumAge, bool RelayOnly = false, int CallTimeoutSeconds = 20);

/// <summary>/talk: start, talk, skip, report. Everything but the first page answers htmx; the words are never kept.</summary>
public sealed class TalkController(
    StrangerChat chat, ClientAddresses addresses, Sanctions sanctions, Filters filters, IOptions<TalkOptions> options, IStringLocalizer<TalkText> text) : Controller
{
    [HttpGet("/talk")]
    public IActionResult Index() => View(new TalkPage(options.Value.MinimumAge));

    [HttpPost("/talk/queue")]
    [EnableRateLimiting(RateLimits.StrangerQueue)]
    public async Task<IActionResult> Queue([FromForm] bool adult, [FromForm] string? mode, [FromForm] string? interests, [FromForm] string? session)
    {
        var refusal = !adult ? text["Start.AdultRequired", options.Value.MinimumAge].Value
            : sanctions.Refusal(HttpContext, null);
        if (refusal is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Request.IsHtmx() ? PartialView("_TalkStart", new TalkPage(options.Value.MinimumAge, refusal)) : View("Index", new TalkPage(options.Value.MinimumAge, refusal));
        }

        var chosen = Enum.TryParse<TalkMode>(mode, ignoreCase: true, out var parsed) ? parsed : TalkMode.Text;
        var started = await chat.StartAsync(HttpContext, session, chosen, TalkInterests.Parse(interests), addresses.For(HttpContext).Key);
        var panel = new TalkPanel(
            started.Id, chosen, chat.MaxMessageLength, chat.ReportReasons, options.Value.MinimumAge, options.Value.UsesRelayOnly, options.Value.CallTimeoutSeconds);
        // The stranger chat needs its stream, so without script there is nothing to show but the explanation.
        return Request.IsHtmx() ? PartialView("_TalkPanel", panel) : this.SeeOther("/talk");
    }

    [HttpPost("/talk/messages")]
    [EnableRateLimiting(RateLimits.Messages)]
    [InConversation]
    public async Task<IActionResult> Send()
    {
        // Tidied without a check, so the refusal is the stranger chat's own, in the visitor's language.
        var clean = MessageText.Tidy(Request.Form["text"]);
        var length = clean.EnumerateRunes().Count();
        if (length == 0 || length > chat.MaxMessageLength)
        {
            return PlainText.Result(StatusCodes.Status422UnprocessableEntity,
                length == 0 ? text["Refuse.Empty"] : text.Plural("Refuse.TooLong", length, chat.MaxMessageLength.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)));
        }

        var screening = filters.ScreenLine(clean);
        if (screening.Refusal is { } refused)
        {
            return PlainText.Result(refused.Status, refused.Message);
        }

        return await chat.RelayAsync(talking, MessageText.ToHtml(clean), deliver: !screening.Withheld) is { } echo
            ? Content(echo, "text/html; charset=utf-8")
            : NotTalking();
    }

    [HttpPost("/talk/typing")]
    [EnableRateLimiting(RateLimits.Signals)]
    [InConversation]
    public async Task<IActionResult> Typing()
    {
        await chat.TypingAsync(talking);
        return NoContent();
    }

    [HttpPost("/talk/signal")]
    [RequestSizeLimit(32 * 1024)]
    [EnableRateLimiting(RateLimits.Signals)]
    [InConversation]
    public async Task<IActionResult> Signal([FromForm] string? signal)
    {
        var (json, error) = TalkSignal.Normalise(signal, text);
        if (json is null)
        {
            return PlainText.Result(signal?.Length > TalkSignal.MaxBytes ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity, error!);
        }

        return await chat.SignalAsync(talking, json) ? NoContent() : NotTalking();
    }

    [HttpPost("/talk/skip")]
    [InConversation]
    public async Task<IActionResult> Skip()
    {
        await chat.SkipAsync(talking);
        return NoContent();
    }

    [HttpPost("/talk/report")]
    [EnableRateLimiting(RateLimits.Reports)]
    [InConversation]
    public async Task<IActionResult> Report([FromForm] string? reason, [FromForm] string? excerpt)
    {
        if (reason is null || !chat.ReportReasons.Any(r => r.Value == reason) || excerpt?.Length > 2000)
        {
            return PlainText.Result(StatusCodes.Status422UnprocessableEntity, text["Refuse.Report"]);
        }

        return await chat.ReportAsync(talking, reason, excerpt)
            ? PlainText.Result(StatusCodes.Status200OK, text["Refuse.Reported"])
            : NotTalking();
    }

    private ContentResult NotTalking() => PlainText.Result(StatusCodes.Status409Conflict, text["Refuse.NotTalking"]);

    /// <summary>The conversation the form names, found for an <see cref="InConversationAttribute"/> action before it runs.</summary>
    private StrangerSession talking = null!;

    /// <summary>Marks an action that acts in the conversation the form's <c>session</c> names: 410 when it has ended.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    private sealed class InConversationAttribute : Attribute;

    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (context.ActionDescriptor.EndpointMetadata.OfType<InConversationAttribute>().Any())
        {
            var form = await Request.ReadFormAsync(HttpContext.RequestAborted);
            if (chat.Find(form["session"], HttpContext) is not { } found)
            {
                context.Result = PlainText.Result(StatusCodes.Status410Gone, text["Refuse.Ended"]);
                return;
            }

            talking = found;
        }

        await next();
    }
}
