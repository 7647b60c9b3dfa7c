using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Privacy;

/// <summary>What must never reach a disk or a log, checked after real sessions behind a trusted proxy.</summary>
public sealed class RetentionTests
{
    private const string ClientAddress = "203.0.113.77";
    private const string MetricsToken = "metrics-token-never-logged-31415";

    [Fact]
    public async Task After_a_full_session_no_file_and_no_log_line_holds_the_client_address_or_a_message()
    {
        var texts = new[] { "secret-text-alpha-3141", "secret-text-beta-2718", "secret-text-gamma-1618", "secret-caption-5772", "secret-talk-1414" };
        var dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
        try
        {
            await using (var app = new WhisperApp
            {
                DataPath = dataPath,
                Settings =
                {
                    ["Whisper:ForwardedHeaders:Enabled"] = "true",
                    ["Logging:LogLevel:Default"] = "Trace",
                    ["Logging:LogLevel:Microsoft"] = "Trace",
                    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                    ["Logging:Console:FormatterName"] = "json",
                    ["Whisper:Metrics:Token"] = MetricsToken,
                },
            })
            {
                using var poster = Behind(app.NewVisitor());
                using var reader = Behind(app.NewVisitor());
                using var admin = Behind(app.NewVisitor());
                var name = await poster.JoinAsync("tech");
                var page = await reader.OpenRoomAsync("tech");
                await using (var stream = await reader.OpenStreamAsync("tech"))
                {
                    foreach (var text in texts)
                    {
                        await poster.PostMessageAsync("tech", text, htmx: true);
                        await stream.NextAsync("message");
                    }
                }

                using var uploaded = await poster.UploadAsync("tech", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "photo.png", "secret-caption-5772");
                Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
                await TalkAsync(reader, admin, "secret-talk-1414");
                var seq = page.QuerySelector("#messages")!.GetAttribute("data-last-seq")!;
                var message = (await reader.OpenRoomAsync("tech")).QuerySelectorAll("article.message")[^1];
                await reader.SubmitAsync($"/chat/tech/reports/new?seq={message.Id!.Split('-')[^1]}", "/chat/tech/reports", new() { ["seq"] = message.Id!.Split('-')[^1], ["reason"] = "Spam or flooding" });
                await admin.LogInAsAdminAsync();
                await admin.SubmitAsync("/admin/bans/new?name=" + Uri.EscapeDataString(name), "/admin/bans", new() { ["duration"] = "01:00:00", ["reason"] = "test", ["alsoAddress"] = "true" });
                await poster.SubmitAsync("/me", "/me/transfer", []);
                Assert.NotEqual("", seq);
                await ReadFiguresAsync(admin);
                // Names are public in the rooms, but have no business in a log; nor has the metrics token.
                string[] neverLogged = [.. texts, name, MetricsToken];

                // The address was really seen, so its absence below means something.
                Assert.Contains(app.Service<Whisper.Web.Privacy.ClientAddresses>().All, a => a.Address.ToString() == ClientAddress);
                Assert.Empty(Leaks(app.Log.Lines, neverLogged));
                var formatters = app.Services.GetServices<ConsoleFormatter>().ToList();
                var json = formatters.Single(f => f.Name == ConsoleFormatterNames.Json);
                var simple = formatters.Single(f => f.Name == ConsoleFormatterNames.Simple);
                await app.DisposeAsync();
                Assert.Empty(Leaks(app.Log.Lines, neverLogged));
                var written = app.Log.WrittenBy(json);
                Assert.True(written.Count > 100, "the session logged at Trace");
                Assert.All(written, OneJsonLine);
                Assert.Empty(Leaks(written, neverLogged));
                // The default console format (appsettings.json: SingleLine) keeps each event, exceptions too, on one line.
                Assert.All(app.Log.WrittenBy(simple), line => Assert.DoesNotContain('\n', line.TrimEnd('\r', '\n')));
                Assert.Empty(FilesHolding(app.DataPath, [ClientAddress, .. texts]));
                if (TestDatabases.OnPostgres)
                {
                    // The records are in PostgreSQL rather than a file here: read every row of every table instead.
                    Assert.Empty(await RowsHoldingAsync(app.DataPath, [ClientAddress, .. texts]));
                }
                else
                {
                    Assert.NotEmpty(Directory.GetFiles(app.DataPath, "whisper.db*"));
                }

                Assert.Single(Directory.GetFiles(Path.Combine(app.DataPath, "files")));
            }
        }
        finally
        {
            WhisperApp.TryDelete(dataPath);
        }
    }

    [Fact]
    public async Task Forwarded_addresses_are_believed_only_when_enabled()
    {
        var limits = new Dictionary<string, string?> { ["Whisper:RateLimits:JoinsPerHour"] = "1" };
        await using var trusting = new WhisperApp { Settings = new(limits) { ["Whisper:ForwardedHeaders:Enabled"] = "true" } };
        Assert.Equal(HttpStatusCode.SeeOther, await JoinFromAsync(trusting, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.SeeOther, await JoinFromAsync(trusting, "198.51.100.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await JoinFromAsync(trusting, "198.51.100.1"));

        await using var direct = new WhisperApp { Settings = new(limits) };
        Assert.Equal(HttpStatusCode.SeeOther, await JoinFromAsync(direct, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await JoinFromAsync(direct, "198.51.100.2"));
    }

    /// <summary>The operator's views of the figures: the metrics scrape and the admin's live dashboard.</summary>
    private static async Task ReadFiguresAsync(VisitorClient admin)
    {
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new("Bearer", MetricsToken);
        using var scraped = await admin.Client.SendAsync(scrape);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/live")).Status);
    }

    /// <summary>One event, one line, that a log shipper can parse on its own.</summary>
    private static void OneJsonLine(string written)
    {
        var line = written.TrimEnd('\r', '\n');
        Assert.DoesNotContain('\n', line);
        using var parsed = JsonDocument.Parse(line);
        Assert.True(parsed.RootElement.TryGetProperty("Message", out _));
    }

    /// <summary>A stranger conversation between two clients: matched, one line relayed, then both pages leave.</summary>
    private static async Task TalkAsync(VisitorClient one, VisitorClient other, string text)
    {
        var (page, session) = await one.StartTalkAsync(interests: "secret-interest-99");
        var (_, partner) = await other.StartTalkAsync(interests: "secret-interest-99");
        await using var first = await one.OpenTalkAsync(session);
        await using var second = await other.OpenTalkAsync(partner);
        await first.NextAsync("status");
        using var sent = await one.PostAsHtmxAsync(page, "/talk/messages", new() { ["session"] = session, ["text"] = text });
        Assert.Contains(text, (await second.NextAsync("line")).Data, StringComparison.Ordinal);
    }

    private static VisitorClient Behind(VisitorClient visitor)
    {
        visitor.Client.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress);
        return visitor;
    }

    private static async Task<HttpStatusCode> JoinFromAsync(WhisperApp app, string address)
    {
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        var page = await visitor.OpenRoomAsync();
        using var joined = await visitor.SubmitAsync(page, "/identity", new() { ["accept"] = "true", ["room"] = "lobby" });
        return joined.StatusCode;
    }

    private static List<string> Leaks(IEnumerable<string> lines, string[] texts) =>
        lines.Where(l => l.Contains(ClientAddress, StringComparison.Ordinal) || texts.Any(t => l.Contains(t, StringComparison.Ordinal))).ToList();

    private static List<string> FilesHolding(string folder, string[] needles)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var needle in needles)
            {
                if (Contains(bytes, Encoding.UTF8.GetBytes(needle)) || Contains(bytes, Encoding.Unicode.GetBytes(needle)))
                {
                    found.Add($"{Path.GetFileName(file)} holds {needle}");
                }
            }
        }

        return found;
    }

    private static async Task<List<string>> RowsHoldingAsync(string dataPath, string[] needles)
    {
        await using var database = TestDatabases.Create(dataPath);
        var tables = await database.QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", r => r.GetString(0));
        Assert.Contains("identities", tables);
        var found = new List<string>();
        foreach (var table in tables)
        {
            foreach (var row in await database.QueryAsync($"SELECT t::text FROM {table} t", r => r.GetString(0)))
            {
                found.AddRange(needles.Where(n => row.Contains(n, StringComparison.Ordinal)).Select(n => $"{table} holds {n}"));
            }
        }

        return found;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
