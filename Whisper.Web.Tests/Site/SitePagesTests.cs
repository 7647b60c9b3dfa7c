using System.Net;
using AngleSharp.Dom;
using Whisper.Web.Site;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Site;

/// <summary>The site's own pages say what the configured options and the code's constants do, number by number.</summary>
public sealed class SitePagesTests
{
    private static readonly string[] FooterPages = ["/", "/about", "/faq", "/tos", "/privacy-policy", "/contact", "/me", "/talk", "/transparency", "/admin/login"];

    [Fact]
    public async Task Unconfigured_the_contact_page_says_there_is_none_and_the_log_warns_once()
    {
        await using var app = new WhisperApp();
        using var visitor = app.NewVisitor();

        var (status, page) = await visitor.GetAsync("/contact");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("has not published a way to reach them", page.QuerySelector(".contact-none")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".contact-ways"));
        Assert.DoesNotContain("the operator of this server: the operator", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Single(app.Log.Lines, line => line.Contains("No contact is published", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configured_ways_to_reach_the_operator_are_links_and_a_label_alone_is_text()
    {
        await using var app = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Site:Contact:0:Label"] = "Discord: @gzf",
                ["Whisper:Site:Contact:0:Url"] = "https://discord.com/users/935053416877666304",
                ["Whisper:Site:Contact:1:Label"] = "ops@example.org",
                ["Whisper:Site:Contact:1:Url"] = "mailto:ops@example.org",
                ["Whisper:Site:Contact:2:Label"] = "Ask for Sam at the front desk",
                ["Whisper:Site:Operator"] = "Example Community e.V.",
            },
        };
        using var visitor = app.NewVisitor();

        var (_, page) = await visitor.GetAsync("/contact");

        var ways = page.QuerySelectorAll(".contact-ways li").ToList();
        Assert.Equal(3, ways.Count);
        Assert.Equal("https://discord.com/users/935053416877666304", ways[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Discord: @gzf", ways[0].TextContent.Trim());
        Assert.Equal("mailto:ops@example.org", ways[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(ways[2].QuerySelector("a"));
        Assert.Contains("run by Example Community e.V.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        foreach (var topic in new[] { "Questions", "Deleting your data", "A parent or guardian", "Legal requests", "Security reports" })
        {
            Assert.Contains(topic, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(app.Log.Lines, line => line.Contains("No contact is published", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("admin@example.org", "mailto:admin@example.org")]
    [InlineData("https://example.org/about-us", "https://example.org/about-us")]
    [InlineData("Room 12, the old library", null)]
    public async Task The_old_single_string_contact_still_works(string configured, string? href)
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Site:Contact"] = configured } };
        using var visitor = app.NewVisitor();

        var (_, page) = await visitor.GetAsync("/contact");

        var way = page.QuerySelector(".contact-ways li")!;
        Assert.Equal(href, way.QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains(configured.Replace("mailto:", "", StringComparison.Ordinal), way.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contact_link_that_is_not_a_web_or_mail_address_stops_the_server()
    {
        using var app = new WhisperApp { Settings = { ["Whisper:Site:Contact:0:Label"] = "click", ["Whisper:Site:Contact:0:Url"] = "javascript:alert(1)" } };

        var error = Assert.ThrowsAny<Exception>(() => app.NewVisitor());

        Assert.Contains("Whisper:Site", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_with_a_footer_links_to_contact_and_about()
    {
        await using var app = new WhisperApp();
        using var visitor = app.NewVisitor();

        foreach (var path in FooterPages)
        {
            var (status, page) = await visitor.GetAsync(path);
            Assert.True(status == HttpStatusCode.OK, $"{path} answered {status}");
            var footer = page.QuerySelector(".site-footer") ?? throw new Xunit.Sdk.XunitException($"{path} has no footer");
            Assert.NotNull(footer.QuerySelector("a[href='/contact']"));
            Assert.NotNull(footer.QuerySelector("a[href='/about']"));
        }
    }

    [Fact]
    public async Task The_faq_answers_with_the_configured_numbers()
    {
        await using var app = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Messages:RingSize"] = "200",
                ["Whisper:Files:MaxBytes"] = "5242880",
                ["Whisper:Files:Retention"] = "3.00:00:00",
                ["Whisper:Talk:MinimumAge"] = "21",
                ["Whisper:Push:MinInterval"] = "00:01:00",
            },
        };
        using var visitor = app.NewVisitor();

        var faq = Text(await visitor.GetAsync("/faq"));

        Assert.Contains($"For the rooms, {Ages.Rooms} or older, or {Ages.RoomsInEu} or older if you live in the European Union. For the stranger chat, 21 or older.", faq, StringComparison.Ordinal);
        Assert.Contains("holds only its 200 latest messages", faq, StringComparison.Ordinal);
        Assert.Contains("up to 5 MB each", faq, StringComparison.Ordinal);
        Assert.Contains("deleted 3 days after it was shared", faq, StringComparison.Ordinal);
        Assert.Contains("at most one notification every 60 seconds per room", faq, StringComparison.Ordinal);
        Assert.Contains($"for {(int)Whisper.Web.Identity.TransferCodes.Lifetime.TotalMinutes} minutes", faq, StringComparison.Ordinal);
        Assert.Contains($"forgotten {(int)Whisper.Web.Privacy.ClientAddresses.ForgetAfter.TotalMinutes} minutes after your last connection closes", faq, StringComparison.Ordinal);
        foreach (var question in new[] { "Do I need an account?", "Is it free?", "Can I use it offline?", "Is there moderation?", "How do I install it?", "What does the stranger chat collect?", "Can a call be recorded?", "What is WebRTC", "Can the other person find out who I am?", "Is anonymous chat legal?", "How old must I be?", "Are messages end-to-end encrypted?" })
        {
            Assert.Contains(question, faq, StringComparison.Ordinal);
        }

        Assert.Contains("No, and we would rather say so plainly", faq, StringComparison.Ordinal);
        Assert.Contains("Add to Home Screen", faq, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false, "This server does not relay calls, so in a voice or video chat", "this server does not relay calls")]
    [InlineData("false", true, "so in every voice or video chat the other person's browser can learn your IP address", "in every voice or video chat each can learn the other's IP address")]
    [InlineData(null, true, "This server relays every call, so the other person does not learn your IP address.", "neither browser learns the other's IP address")]
    public async Task The_faq_and_the_policy_say_whether_calls_are_relayed(string? relayOnly, bool relay, string faqSentence, string policySentence)
    {
        await using var app = new WhisperApp();
        if (relayOnly is not null)
        {
            app.Settings["Whisper:Talk:RelayOnly"] = relayOnly;
        }

        if (relay)
        {
            app.Settings["Whisper:Talk:Turn:Urls:0"] = "turn:turn.example.org:3478";
            app.Settings["Whisper:Talk:Turn:Secret"] = "a-relay-secret";
        }

        using var visitor = app.NewVisitor();

        Assert.Contains(faqSentence, Text(await visitor.GetAsync("/faq")), StringComparison.Ordinal);
        var policy = Text(await visitor.GetAsync("/privacy-policy"));
        Assert.Contains(policySentence, policy, StringComparison.Ordinal);
        Assert.Equal(relay, policy.Contains("The relay sees the network addresses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_policy_table_gives_every_record_its_configured_time()
    {
        await using var app = new WhisperApp
        {
            Settings =
            {
                ["Whisper:Messages:RingSize"] = "321",
                ["Whisper:Files:Retention"] = "12:00:00",
                ["Whisper:AccessLog:Enabled"] = "true",
                ["Whisper:AccessLog:RetentionDays"] = "14",
                ["Whisper:Identity:CookieDays"] = "200",
                ["Whisper:Admin:ReportRetentionDays"] = "45",
                ["Whisper:Admin:AuditRetentionDays"] = "400",
                ["Whisper:Admin:SessionHours"] = "6",
                ["Whisper:Admin:InvitationDays"] = "3",
                ["Whisper:Site:Operator"] = "Example Community e.V.",
                ["Whisper:Site:HostingProvider"] = "Example Hosting GmbH",
            },
        };
        using var visitor = app.NewVisitor();

        var (_, page) = await visitor.GetAsync("/privacy-policy");
        var rows = page.QuerySelectorAll("#retention ~ .table-scroll tr").Select(r => r.TextContent).ToList();
        var policy = page.QuerySelector("main")!.TextContent;

        string Row(string what) => rows.Single(r => r.Contains(what, StringComparison.Ordinal));
        Assert.Contains("the latest 321 of each room", Row("Room messages"), StringComparison.Ordinal);
        Assert.Contains($"{(int)Whisper.Web.Rooms.SendKey.Lifetime.TotalMinutes} minutes", Row("random key a message was sent with"), StringComparison.Ordinal);
        Assert.Contains("12 hours", Row("Shared files"), StringComparison.Ordinal);
        Assert.Contains("a smaller copy of each picture", Row("Shared files"), StringComparison.Ordinal);
        Assert.Contains("takes out the details a camera or phone writes into it, such as where and when it was taken", policy, StringComparison.Ordinal);
        Assert.Contains("HEIC, AVIF and TIFF photos included, is shared exactly as you sent it", policy, StringComparison.Ordinal);
        Assert.Contains($"{(int)Whisper.Web.Privacy.ClientAddresses.ForgetAfter.TotalMinutes} minutes after your last connection closes", Row("Your IP address"), StringComparison.Ordinal);
        Assert.Contains($"never more than {(int)Whisper.Web.Privacy.ClientAddresses.LongestHold.TotalDays} days", Row("Your IP address"), StringComparison.Ordinal);
        Assert.Contains("14 days per day's file", Row("Access log"), StringComparison.Ordinal);
        Assert.Contains("ends 200 days after your last visit", Row("Your identity"), StringComparison.Ordinal);
        Assert.Contains($"{(int)Whisper.Web.Identity.TransferCodes.Lifetime.TotalMinutes} minutes", Row("transfer codes"), StringComparison.Ordinal);
        Assert.Contains("at most 45 days", Row("Reports"), StringComparison.Ordinal);
        Assert.Contains("400 days", Row("audit log"), StringComparison.Ordinal);
        Assert.Contains("invitation at most 3 days", Row("Moderator accounts"), StringComparison.Ordinal);
        Assert.Contains($"{(int)Whisper.Web.Cluster.PresenceTotals.Freshness.TotalSeconds} seconds", Row("Who is in a room"), StringComparison.Ordinal);
        Assert.Contains("after 6 hours without activity", policy, StringComparison.Ordinal);
        Assert.Contains("run by Example Community e.V.", policy, StringComparison.Ordinal);
        Assert.Contains("hosted by Example Hosting GmbH", policy, StringComparison.Ordinal);
        Assert.Contains("for security monitoring, finding faults and counting traffic", policy, StringComparison.Ordinal);
        Assert.Contains("complain to the data protection authority", policy, StringComparison.Ordinal);
    }

    public static TheoryData<string> EveryLanguage => new(Whisper.Web.Languages.Language.All.Select(l => l.Culture));

    [Theory]
    [MemberData(nameof(EveryLanguage))]
    public async Task The_policy_names_every_cookie_and_every_key_kept_in_the_browser(string culture)
    {
        await using var app = new WhisperApp();
        using var visitor = app.NewVisitor();
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);

        var (_, page) = await visitor.GetAsync("/privacy-policy");
        Assert.Equal(culture, page.DocumentElement.GetAttribute("lang"));
        var policy = page.QuerySelector("main")!.TextContent;
        var scripts = string.Concat(Directory.GetFiles(Path.Combine(Repository.Root, "Whisper.Web", "wwwroot", "js"), "*.js").Select(File.ReadAllText));

        foreach (System.Text.RegularExpressions.Match key in System.Text.RegularExpressions.Regex.Matches(scripts, @"['`](whisper-[a-z-]+)"))
        {
            Assert.Contains(key.Groups[1].Value, policy, StringComparison.Ordinal);
        }

        Assert.Contains(Whisper.Web.Hosting.HostingFeature.AntiforgeryCookie, policy, StringComparison.Ordinal);
        Assert.Contains(Whisper.Web.Moderation.ModerationFeature.AdminCookie, policy, StringComparison.Ordinal);
        Assert.Contains(Whisper.Web.Languages.LanguagesFeature.Cookie, policy, StringComparison.Ordinal);
        Assert.Contains(app.Service<Microsoft.Extensions.Options.IOptions<Whisper.Web.Identity.IdentityOptions>>().Value.CookieName, policy, StringComparison.Ordinal);
        if (culture == "en")
        {
            Assert.Contains("set by the rooms and by the stranger chat", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("sets no cookie", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("not browser storage", policy, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", "1 December 2026")]
    [InlineData("2027-02-14", "14 February 2027")]
    [InlineData("2020-01-01", "1 December 2026")]
    public async Task The_policy_shows_the_later_of_its_own_date_and_the_operators(string configured, string shown)
    {
        Assert.Equal(new DateOnly(2026, 12, 1), PolicyDates.Written);
        await using var app = new WhisperApp { Settings = { ["Whisper:Site:PolicyUpdated"] = configured } };
        using var visitor = app.NewVisitor();

        var (_, page) = await visitor.GetAsync("/privacy-policy");

        Assert.Equal($"Last updated: {shown}", page.QuerySelector(".policy__updated")!.TextContent);
    }

    [Fact]
    public async Task The_terms_hold_the_stranger_chat_to_its_age_and_its_rules()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Talk:MinimumAge"] = "21", ["Whisper:Messages:RingSize"] = "250" } };
        using var visitor = app.NewVisitor();

        var terms = Text(await visitor.GetAsync("/tos"));

        Assert.Contains("The stranger chat: you must be 21 or older", terms, StringComparison.Ordinal);
        Assert.Contains($"you must be {Ages.Rooms} or older, or {Ages.RoomsInEu} or older", terms, StringComparison.Ordinal);
        Assert.Contains("Do not record, screenshot or share the other person", terms, StringComparison.Ordinal);
        Assert.Contains("disappear after 250 newer messages", terms, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_landing_page_names_the_product_and_its_features_with_the_configured_numbers()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Files:MaxBytes"] = "2097152", ["Whisper:Messages:RingSize"] = "150" } };
        using var visitor = app.NewVisitor();

        var (_, page) = await visitor.GetAsync("/");
        var features = page.QuerySelectorAll(".feature h2").Select(h => h.TextContent).ToList();

        Assert.Equal("Speak freely & stay anonymous.", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("A name nobody else will get", features);
        Assert.Contains("Talk to a stranger", features);
        Assert.Contains("up to 2 MB", page.QuerySelector(".features")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("only its 150 latest messages", page.QuerySelector(".features")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".site-notice"));
    }

    [Fact]
    public async Task The_about_page_explains_anonymity_and_its_limits()
    {
        await using var app = new WhisperApp();
        using var visitor = app.NewVisitor();

        var about = Text(await visitor.GetAsync("/about"));

        foreach (var heading in new[] { "Why anonymity matters", "Anonymous is not the same as private", "Who talks here", "protects you from, and what it does not" })
        {
            Assert.Contains(heading, about, StringComparison.Ordinal);
        }

        Assert.Contains("practising a language", about, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_sets_and_clears_the_site_notice_and_the_landing_page_shows_it_with_its_date()
    {
        await using var app = new WhisperApp();
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();

        using var set = await admin.SubmitAsync("/admin/site", "/admin/site", new() { ["notice"] = "The policy changed: reports now expire." });
        Assert.Equal(HttpStatusCode.SeeOther, set.StatusCode);
        var (_, landing) = await app.NewVisitor().GetAsync("/");
        var notice = landing.QuerySelector(".site-notice")!;
        Assert.Contains("The policy changed: reports now expire.", notice.TextContent, StringComparison.Ordinal);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), notice.QuerySelector("time")!.GetAttribute("datetime"));
        var audit = Text(await admin.GetAsync("/admin/audit"));
        Assert.Contains("Changed the site settings", audit, StringComparison.Ordinal);
        Assert.Contains("notice", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("name, ", audit, StringComparison.Ordinal);

        using var cleared = await admin.SubmitAsync("/admin/site", "/admin/site", new() { ["notice"] = "" });
        Assert.Equal(HttpStatusCode.SeeOther, cleared.StatusCode);
        Assert.Null((await app.NewVisitor().GetAsync("/")).Page.QuerySelector(".site-notice"));

        using var tooLong = await admin.SubmitAsync("/admin/site", "/admin/site", new() { ["notice"] = new string('x', Whisper.Web.Controllers.Admin.AdminSiteController.MaxNoticeLength + 1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
    }

    [Fact]
    public async Task The_admin_names_the_site_its_operator_and_contact_and_every_page_uses_them()
    {
        await using var app = new WhisperApp();
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();

        using var saved = await admin.SubmitAsync("/admin/site", "/admin/site", new()
        {
            ["name"] = "Night Owls",
            ["operator"] = "Sam Example",
            ["contact"] = "Discord: @gzf https://discord.com/users/935053416877666304\nAsk at the desk",
        });

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        using var visitor = app.NewVisitor();
        var (_, contact) = await visitor.GetAsync("/contact");
        Assert.Equal("Night Owls", contact.QuerySelector(".site-header__name")!.TextContent);
        Assert.Contains("run by Sam Example", contact.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var ways = contact.QuerySelectorAll(".contact-ways li").ToList();
        Assert.Equal("https://discord.com/users/935053416877666304", ways[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Discord: @gzf", ways[0].TextContent.Trim());
        Assert.Equal("Ask at the desk", ways[1].TextContent.Trim());

        using var bad = await admin.SubmitAsync("/admin/site", "/admin/site", new() { ["contact"] = "click me javascript://alert(1)" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(2, (await visitor.GetAsync("/contact")).Page.QuerySelectorAll(".contact-ways li").Length);
    }

    [Fact]
    public async Task Settings_made_in_configuration_are_read_only_for_the_admin()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:Site:Notice"] = "Maintenance on Sunday.", ["Whisper:Site:Name"] = "Configured Chat" } };
        using var admin = app.NewVisitor();
        await admin.LogInAsAdminAsync();

        var (_, adminPage) = await admin.GetAsync("/admin/site");
        Assert.NotNull(adminPage.QuerySelector("textarea[name=notice][readonly]"));
        Assert.NotNull(adminPage.QuerySelector("input[name=name][readonly]"));
        Assert.Null(adminPage.QuerySelector("input[name=operator][readonly]"));

        using var attempt = await admin.SubmitAsync(adminPage, "/admin/site", new() { ["notice"] = "Changed", ["name"] = "Changed" });
        var (_, landing) = await app.NewVisitor().GetAsync("/");
        Assert.Contains("Maintenance on Sunday.", landing.QuerySelector(".site-notice")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Configured Chat", landing.QuerySelector(".site-header__name")!.TextContent);
    }

    private static string Text((HttpStatusCode Status, IDocument Page) answer) =>
        answer.Status == HttpStatusCode.OK ? answer.Page.QuerySelector("main")!.TextContent : throw new Xunit.Sdk.XunitException($"answered {answer.Status}");
}
