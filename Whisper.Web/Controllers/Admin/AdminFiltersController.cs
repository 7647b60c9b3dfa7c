using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Whisper.Web.Hosting;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;

namespace Whisper.Web.Controllers.Admin;

/// <summary>The filters page: those in force, and the form for a new one (with what was typed, when refused).</summary>
public sealed record FiltersPage(IReadOnlyList<Filter> Filters, IReadOnlyList<string> Rooms, FilterForm Form, string? Error = null);

/// <summary>What the filter form sends.</summary>
public sealed record FilterForm(string? Pattern = null, bool IsRegex = false, string Action = nameof(FilterAction.Refuse), string? Room = null, string? Sentence = null, int MuteMinutes = 60);

/// <summary>Word and pattern filters: admins add and remove them; moderators review what they hold (<see cref="AdminHeldController"/>).</summary>
[AdminOnly]
public sealed class AdminFiltersController(Filters filters, RoomRegistry rooms, IStringLocalizer<AdminText> text) : AdminPages
{
    [HttpGet("/admin/filters")]
    public IActionResult Index() => View("Filters", Page(new FilterForm()));

    [HttpPost("/admin/filters")]
    public async Task<IActionResult> Add([FromForm] string? pattern, [FromForm] bool isRegex, [FromForm] string? action, [FromForm] string? room, [FromForm] string? sentence, [FromForm] int muteMinutes)
    {
        var form = new FilterForm(pattern, isRegex, action ?? "", room, sentence, muteMinutes);
        var trimmed = MessageText.StripInvisible(pattern).Trim();
        var said = MessageText.StripInvisible(sentence).Trim();
        var known = Enum.TryParse<FilterAction>(action, out var parsed) && Enum.IsDefined(parsed);
        var problem = CompiledFilter.Problem(trimmed, isRegex) is { } found ? text[found.Key, found.Detail].Value : null;
        var error = problem
            ?? (!known ? text["Filters.Error.Action"].Value : null)
            ?? (!string.IsNullOrEmpty(room) && rooms.Find(room) is null ? text["Filters.Error.Room"].Value : null)
            ?? (said.Length > 200 ? text["Filters.Error.Sentence"].Value : null)
            ?? (parsed == FilterAction.Mute && muteMinutes is < 1 or > 10_080 ? text["Filters.Error.Minutes"].Value : null);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Filters", Page(form, error));
        }

        await filters.AddAsync(new Filter(0, trimmed, isRegex, parsed, string.IsNullOrEmpty(room) ? null : room, said, Math.Max(1, muteMinutes)));
        return this.SeeOther("/admin/filters");
    }

    [HttpPost("/admin/filters/{id:long}/remove")]
    public async Task<IActionResult> Remove([FromRoute] long id)
    {
        await filters.RemoveAsync(id);
        return this.SeeOther("/admin/filters");
    }

    private FiltersPage Page(FilterForm form, string? error = null) => new(filters.All, rooms.All.Select(r => r.Name).ToList(), form, error);
}
