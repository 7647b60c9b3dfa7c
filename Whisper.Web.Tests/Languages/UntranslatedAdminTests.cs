using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Rooms;
using Whisper.Web.Tests.Moderation;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// The moderation area (admin pages, the report form, the transparency page, a gone file) in the pseudo-language: every
/// text a person sees comes from <c>AdminText</c> or the site's texts, refusals included, with every page holding data
/// (a report, a held message, a ban, a filter, audit entries) so that its rows are walked too.
/// </summary>
public sealed partial class UntranslatedAdminTests(WhisperApp app) : IClassFixture<WhisperApp>
{
    private const string Password = "a moderator's password";

    [Fact]
    public async Task Every_moderation_page_and_refusal_shows_only_text_from_the_resources()
    {
        using var admin = Pseudo(app.NewVisitor());
        await admin.LogInAsAdminAsync();
        using var troll = app.NewVisitor();
        var trollName = await troll.JoinAsync();
        await troll.PostMessageAsync("lobby", "buy cheap pills");
        var sequence = (await troll.OpenRoomAsync()).LastSequence();
        await SubmitAsync(admin, "/admin/filters", "/admin/filters", new() { ["pattern"] = "holdme", ["action"] = "Hold", ["muteMinutes"] = "5" });
        await troll.PostMessageAsync("lobby", "please holdme now");

        using var reporter = Pseudo(app.NewVisitor());
        await reporter.JoinAsync();
        var reportPath = $"/chat/lobby/reports/new?seq={sequence}";
        await AssertPageAsync(reporter, reportPath, HttpStatusCode.OK);
        using var reported = await reporter.SubmitAsync(reportPath, "/chat/lobby/reports", new() { ["reason"] = Reports.Reasons[0] });
        AssertFromResources(await Html.ParseAsync(reported), "the thanks for a report");
        using var noReason = await reporter.SubmitAsync(reportPath, "/chat/lobby/reports", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        AssertFromResources(await Html.ParseAsync(noReason), "a report without a reason");

        await SubmitAsync(admin, $"/admin/bans/new?name={Uri.EscapeDataString(trollName)}", "/admin/bans",
            new() { ["duration"] = "1.00:00:00", ["reason"] = "spam" });
        await SubmitAsync(admin, "/admin", "/admin/shield", new() { ["on"] = "true" });
        using var moderator = Pseudo(app.NewVisitor());
        await TeamTests.AcceptAsync(moderator, await TeamTests.InviteAsync(app, admin, "mod-pseudo"));

        foreach (var path in new[]
        {
            "/admin", "/admin/reports", "/admin/held", "/admin/bans", "/admin/stats", "/admin/filters", "/admin/audit", "/admin/accounts",
            "/admin/site", "/admin/chat/lobby/settings", $"/admin/bans/new?name={Uri.EscapeDataString(trollName)}", "/transparency",
        })
        {
            await AssertPageAsync(admin, path, HttpStatusCode.OK);
        }

        await AssertPageAsync(moderator, "/admin/not-allowed", HttpStatusCode.Forbidden);
        using var visitor = Pseudo(app.NewVisitor());
        await AssertPageAsync(visitor, "/admin/login", HttpStatusCode.OK);
        await AssertPageAsync(visitor, "/admin/setup?token=no-such-token", HttpStatusCode.NotFound);
        await AssertPageAsync(visitor, "/chat/lobby/reports/new?seq=1", HttpStatusCode.NotFound);
        await AssertPageAsync(visitor, "/files/no-such-file/gone.txt", HttpStatusCode.NotFound);

        // Refusals: each page comes back with its sentence.
        await AssertRefusedAsync(visitor, "/admin/login", "/admin/login", new() { ["account"] = "admin", ["password"] = "wrong" }, HttpStatusCode.Unauthorized);
        await AssertRefusedAsync(admin, "/admin/filters", "/admin/filters", new() { ["pattern"] = "(", ["isRegex"] = "false", ["action"] = "Refuse" });
        await AssertRefusedAsync(admin, "/admin/filters", "/admin/filters", new() { ["pattern"] = "word", ["action"] = "Explode" });
        await AssertRefusedAsync(admin, $"/admin/bans/new?name={Uri.EscapeDataString(trollName)}", "/admin/bans", new() { ["duration"] = "forever and a day" });
        await AssertRefusedAsync(admin, "/admin", "/admin/rooms", new() { ["name"] = "Not An Address", ["title"] = "t" });
        await AssertRefusedAsync(admin, "/admin/chat/lobby/settings", "/admin/chat/lobby/settings", new() { ["title"] = "Lobby", ["slowModeSeconds"] = "99999" });
        await AssertRefusedAsync(admin, "/admin/site", "/admin/site", new() { ["notice"] = new string('a', 600) });
        await AssertRefusedAsync(admin, "/admin/accounts", "/admin/accounts", new() { ["name"] = "X", ["role"] = "Moderator" });
        await AssertRefusedAsync(admin, "/admin/accounts", "/admin/accounts", new() { ["name"] = "someone", ["role"] = "Emperor" });

        // An announcement refused in place comes back as the form alone, for htmx.
        var form = (await admin.GetAsync("/admin")).Page.QuerySelector("form#announce")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["text"] = " ";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/announcements") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        using var empty = await admin.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var fragment = await Html.ParseAsync(await empty.Content.ReadAsStringAsync());
        fragment.DocumentElement.SetAttribute("lang", Language.Pseudo);
        AssertFromResources(fragment, "a refused announcement (fragment)");
    }

    [Fact]
    public async Task The_audit_log_says_each_entry_in_the_reader_s_language_and_old_entries_as_they_were_stored()
    {
        await app.Service<Whisper.Web.Storage.Database>().ExecuteAsync(
            "INSERT INTO audit_log (at, action, target, account) VALUES (@at, @action, @target, NULL)",
            ("@at", "2020-01-01T00:00:00.0000000+00:00"), ("@action", "Banned a name"), ("@target", "Old Otter 12345 (for 1 day)"));
        await app.Service<AuditLog>().WriteAsync("Audit.Banned.For", "Quiet Otter 54321", AuditLog.Seconds(TimeSpan.FromDays(7)));
        using var admin = app.NewVisitor();
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        await admin.LogInAsAdminAsync();

        var rows = (await admin.GetAsync("/admin/audit")).Page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();

        Assert.Contains(rows, r => r.Contains("Hat einen Namen für 7 Tage gesperrt", StringComparison.Ordinal) && r.Contains("Quiet Otter 54321", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Banned a name", StringComparison.Ordinal) && r.Contains("Old Otter 12345 (for 1 day)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ru", 1, "1 открытая жалоба")]
    [InlineData("ru", 3, "3 открытые жалобы")]
    [InlineData("ru", 11, "11 открытых жалоб")]
    [InlineData("ar", 2, "بلاغات مفتوحة: 2")]
    [InlineData("ja", 5, "未対応の通報 5 件")]
    [InlineData("en", 1, "1 open report")]
    public async Task The_admin_home_counts_reports_as_the_reader_s_language_counts(string language, int count, string expected)
    {
        await using var own = new WhisperApp();
        var reports = own.Service<Reports>();
        for (var report = 0; report < count; report++)
        {
            await reports.FileAsync(Reports.RoomSource, "lobby", report, "Quiet Otter 12345", Reports.Reasons[0]);
        }

        using var admin = own.NewVisitor();
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await admin.LogInAsAdminAsync();

        var summary = (await admin.GetAsync("/admin")).Page.QuerySelector(".admin-summary a[href='/admin/reports']")!.TextContent;
        Assert.Equal(expected, summary.Trim());
    }

    private static VisitorClient Pseudo(VisitorClient visitor)
    {
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Language.Pseudo);
        return visitor;
    }

    private static async Task SubmitAsync(VisitorClient client, string page, string action, Dictionary<string, string> fields)
    {
        using var response = await client.SubmitAsync(page, action, fields);
        Assert.True(response.StatusCode is HttpStatusCode.SeeOther or HttpStatusCode.OK, $"{action} answered {response.StatusCode}");
    }

    private async Task AssertPageAsync(VisitorClient client, string path, HttpStatusCode status)
    {
        var (answered, page) = await client.GetAsync(path);
        Assert.True(answered == status, $"{path} answered {answered}, not {status}");
        AssertFromResources(page, path);
    }

    private async Task AssertRefusedAsync(VisitorClient client, string page, string action, Dictionary<string, string> fields, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        using var response = await client.SubmitAsync(page, action, fields);
        Assert.True(response.StatusCode == status, $"{action} answered {response.StatusCode}, not {status}");
        var refused = await Html.ParseAsync(response);
        Assert.NotNull(refused.QuerySelector("[role=alert]"));
        AssertFromResources(refused, $"the refusal of {action} ({string.Join(", ", fields.Keys)})");
    }

    /// <summary>
    /// The walk, once what is data rather than text is set aside: times in their neutral form (ISO date and UTC, rewritten by
    /// script), <c>code</c> (addresses, paths, patterns, configuration keys), what is typed in a text area, the rooms' names and titles, people's names and
    /// accounts, and what they typed. The reported message itself is the rooms area's fragment, walked by its own tests.
    /// </summary>
    private void AssertFromResources(IDocument page, string what)
    {
        foreach (var data in page.QuerySelectorAll("time, code, textarea, .messages--single"))
        {
            data.TextContent = "";
        }

        var rooms = app.Service<RoomRegistry>().All.SelectMany(r => new[] { r.Settings.Title, r.Name }).OrderByDescending(t => t.Length).ToList();
        string[] typed = ["buy cheap pills", "please holdme now", "holdme", "spam", "mod-pseudo", "admin", "Not An Address", "Lobby", "someone", "X", "wrong"];
        string WithoutData(string text)
        {
            text = PersonName().Replace(text, " ");
            foreach (var data in rooms.Concat(typed))
            {
                text = Regex.Replace(text, $@"(?<![\p{{L}}]){Regex.Escape(data)}(?![\p{{L}}])", " ");
            }

            return text;
        }

        foreach (var node in page.Body!.Descendants<IText>().ToList())
        {
            node.Data = WithoutData(node.Data);
        }

        foreach (var element in page.QuerySelectorAll("[aria-label], [title], [placeholder], [alt]"))
        {
            foreach (var attribute in new[] { "aria-label", "title", "placeholder", "alt" })
            {
                if (element.GetAttribute(attribute) is { } value)
                {
                    element.SetAttribute(attribute, WithoutData(value));
                }
            }
        }

        UntranslatedTextTests.AssertAllFromResources(page, app, what);
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    private static string Base(string key) => key[..key.LastIndexOf('.')];

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    /// <summary>Names as Whisper issues them ("Quiet Otter 48213"), the same in every language.</summary>
    [GeneratedRegex(@"\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ \d{5}")]
    private static partial Regex PersonName();
}
