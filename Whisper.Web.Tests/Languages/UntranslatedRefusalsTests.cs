using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Whisper.Web.Cluster;
using Whisper.Web.Languages;
using Whisper.Web.Moderation;
using Whisper.Web.Tests.Moderation;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// The hosting layer's refusals in the pseudo-language: a rate limit's 429 (as a page and as htmx's sentence), a form
/// too large or unreadable, a stopping node's stream refusal and the raid shield's. Each must be a sentence from the
/// resources, however early in the pipeline it is sent.
/// </summary>
public sealed class UntranslatedRefusalsTests
{
    [Fact]
    public async Task A_rate_limits_429_is_a_sentence_from_the_resources_as_a_page_and_for_htmx()
    {
        await using var app = new WhisperApp { Settings = { ["Whisper:RateLimits:JoinsPerHour"] = "1" } };
        using var first = Pseudo(app.NewVisitor());
        await first.JoinAsync();

        using var reader = Pseudo(app.NewVisitor());
        reader.Client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await reader.OpenRoomAsync();
        using var asPage = await reader.SubmitAsync(page, "/identity", new() { ["accept"] = "true" });
        Assert.Equal(HttpStatusCode.TooManyRequests, asPage.StatusCode);
        var errorPage = await Html.ParseAsync(asPage);
        // The page says the wait itself (a resource text inside the sentence), not only the general "slow down".
        Assert.Equal(3, errorPage.QuerySelector(".error-page p")!.TextContent.Split("[!!").Length);
        UntranslatedTextTests.AssertAllFromResources(errorPage, app, "a rate limit's page");

        await AssertSentenceAsync(app, await reader.PostAsHtmxAsync(page, "/identity", new() { ["accept"] = "true" }), HttpStatusCode.TooManyRequests, "a rate limit's sentence for htmx");
    }

    [Theory]
    [InlineData("20", "Не так быстро: попробуйте снова через 3 минуты.")]
    [InlineData("12", "Не так быстро: попробуйте снова через 5 минут.")]
    [InlineData("60", "Не так быстро: попробуйте снова через 60 секунд.")]
    public async Task A_Russian_readers_429_says_the_wait_in_the_right_plural_form(string joinsPerHour, string expected)
    {
        // The raid shield stays off, however many join in a minute: the limit is what this is about.
        await using var app = new WhisperApp { Settings = { ["Whisper:RateLimits:JoinsPerHour"] = joinsPerHour, ["Whisper:RaidShield:AutoJoinsPerMinute"] = "0", ["Whisper:RaidShield:AutoRoomJoinsPerMinute"] = "0" } };
        for (var joins = int.Parse(joinsPerHour, System.Globalization.CultureInfo.InvariantCulture); joins > 0; joins--)
        {
            using var earlier = app.NewVisitor();
            await earlier.JoinAsync();
        }

        using var reader = app.NewVisitor();
        reader.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        using var response = await reader.PostAsHtmxAsync(await reader.OpenRoomAsync(), "/identity", new() { ["accept"] = "true" });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_too_large_or_unreadable_is_refused_with_a_sentence_from_the_resources()
    {
        await using var app = new WhisperApp();
        using var member = Pseudo(app.NewVisitor());
        await member.JoinAsync();

        await AssertSentenceAsync(app, await member.PostMessageAsync("lobby", new string('x', 200_000), htmx: true), HttpStatusCode.RequestEntityTooLarge, "a form too large");
        await AssertSentenceAsync(app, await member.PostMessageAsync("lobby", "nul \0 byte", htmx: true), HttpStatusCode.BadRequest, "an unreadable form");
        await AssertSentenceAsync(app, await member.PostMessageAsync("lobby", "nul \0 byte"), HttpStatusCode.BadRequest, "an unreadable form without script");
    }

    [Fact]
    public async Task A_stopping_nodes_stream_refusal_is_a_sentence_from_the_resources()
    {
        var hold = new StopHold();
        await using var app = new WhisperApp { ExtraServices = services => services.AddSingleton<IHostedService>(hold) };
        using var reader = Pseudo(app.NewVisitor());
        app.Service<IHostApplicationLifetime>().StopApplication();
        await hold.Reached;

        await AssertSentenceAsync(app, await reader.Client.GetAsync("/chat/lobby/events"), HttpStatusCode.ServiceUnavailable, "a stopping node's stream refusal");
        hold.Release();
    }

    [Fact]
    public async Task The_raid_shields_refusals_are_sentences_from_the_resources()
    {
        await using var app = new WhisperApp();
        await app.Service<RaidShield>().SwitchAsync(null, on: true);
        using var hurried = Pseudo(app.NewVisitor());

        using var refused = await hurried.SubmitAsync(await hurried.OpenRoomAsync(), "/identity", new() { ["accept"] = "true" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var sentence = (await Html.ParseAsync(refused)).QuerySelector("#join-error")!.TextContent;
        AssertFromResources(app, WebUtility.HtmlEncode(sentence), "the raid shield's wait without script");
    }

    [Fact]
    public async Task When_the_raid_shield_cannot_reach_redis_the_joiner_reads_a_sentence_from_the_resources_and_the_log_keeps_the_english()
    {
        await using var app = new WhisperApp
        {
            Settings = { ["Whisper:RaidShield:Difficulty"] = "1" },
            ExtraServices = services => services.Replace(ServiceDescriptor.Singleton<IUsedOnce, Unreachable>()),
        };
        await app.Service<RaidShield>().SwitchAsync(null, on: true);
        using var joiner = Pseudo(app.NewVisitor());
        joiner.Client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await joiner.OpenRoomAsync();
        var challenge = page.QuerySelector("input[name=challenge]")!.GetAttribute("value")!;

        using var refused = await joiner.SubmitAsync(page, "/identity", new() { ["accept"] = "true", ["solution"] = RaidShieldTests.Solve(challenge, 1) });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        UntranslatedTextTests.AssertAllFromResources(await Html.ParseAsync(refused), app, "the raid shield without Redis");
        Assert.Contains(app.Log.Lines, line => line.Contains(Unreachable.Why, StringComparison.Ordinal));
    }

    private static VisitorClient Pseudo(VisitorClient visitor)
    {
        visitor.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Language.Pseudo);
        return visitor;
    }

    /// <summary>A plain-text refusal (what htmx shows beside the form, what a program reads), walked as a page would be.</summary>
    private static async Task AssertSentenceAsync(WhisperApp app, HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        using (response)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            AssertFromResources(app, WebUtility.HtmlEncode(await response.Content.ReadAsStringAsync()), what);
        }
    }

    private static void AssertFromResources(WhisperApp app, string sentence, string what) =>
        UntranslatedTextTests.AssertAllFromResources(
            new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<!doctype html><html lang=\"{Language.Pseudo}\"><head><title>[!! !!]</title></head><body><p>{sentence}</p></body></html>"),
            app, what);

    /// <summary>The shared store of used challenges while Redis is away, as <c>RedisUsedOnce</c> reports it.</summary>
    private sealed class Unreachable : IUsedOnce
    {
        public const string Why = "Redis cannot be reached, so the raid shield cannot check this join form.";

        public Task<bool> TryUseAsync(string key, DateTimeOffset until) => throw new ClusterUnavailableException(Why, new TimeoutException());
    }
}
