using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Talk;

namespace Whisper.Web.Tests.Talk;

public sealed class MatchmakerTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly LocalWaitingLine line;

    public MatchmakerTests() => line = new LocalWaitingLine(new Matchmaker(Microsoft.Extensions.Options.Options.Create(new TalkOptions { InterestWaitSeconds = 5 }), time));

    [Fact]
    public async Task Voice_and_video_pair_with_each_other_and_text_with_text()
    {
        var first = Ticket("a", TalkMode.Text);
        var video = Ticket("v", TalkMode.Video);

        Assert.Null(await line.EnqueueAsync(video));
        Assert.Null(await line.EnqueueAsync(first));
        Assert.Equal(first, (await line.EnqueueAsync(Ticket("b", TalkMode.Text)))?.First);
        var audioVisual = await line.EnqueueAsync(Ticket("c", TalkMode.Voice));

        Assert.Equal(video, audioVisual?.First);
    }

    [Fact]
    public async Task Text_pairs_with_text_in_arrival_order_and_never_with_itself()
    {
        var first = Ticket("a", TalkMode.Text);
        Assert.Null(await line.EnqueueAsync(first));
        Assert.Null(await line.EnqueueAsync(first));
        Assert.Null(await line.EnqueueAsync(Ticket("b", TalkMode.Video)));

        var match = await line.EnqueueAsync(Ticket("c", TalkMode.Text));

        Assert.Equal(first, match?.First);
        Assert.Equal(1, line.Count);
    }

    [Fact]
    public async Task Someone_just_skipped_is_not_matched_again_straight_away()
    {
        var alice = Ticket("alice", TalkMode.Text) with { LastPartner = Id("bob") };
        var bob = Ticket("bob", TalkMode.Text) with { LastPartner = Id("alice") };

        Assert.Null(await line.EnqueueAsync(alice));
        Assert.Null(await line.EnqueueAsync(bob));
        Assert.Equal(alice, (await line.EnqueueAsync(Ticket("carol", TalkMode.Text)))?.First);
    }

    [Fact]
    public async Task Shared_interests_come_first_and_anyone_will_do_after_the_wait()
    {
        var chess = Ticket("chess", TalkMode.Text, "chess");
        var music = Ticket("music", TalkMode.Text, "music");
        Assert.Null(await line.EnqueueAsync(chess));
        Assert.Null(await line.EnqueueAsync(music));

        Assert.Equal(music, (await line.EnqueueAsync(Ticket("also", TalkMode.Text, "Music", "films")))?.First);

        var cooking = Ticket("cook", TalkMode.Text, "cooking");
        Assert.Null(await line.EnqueueAsync(cooking));
        Assert.Empty(await line.MatchPatientOnesAsync());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new Match(chess, cooking), Assert.Single(await line.MatchPatientOnesAsync()));
        Assert.Equal(0, line.Count);
    }

    [Fact]
    public async Task A_thousand_visitors_arriving_at_once_make_five_hundred_separate_pairs()
    {
        var tickets = Enumerable.Range(0, 1000).Select(i => Ticket($"s{i:0000}", TalkMode.Text)).ToList();

        var matches = await Task.WhenAll(tickets.Select(t => Task.Run(() => line.EnqueueAsync(t))));

        var pairs = matches.OfType<Match>().ToList();
        Assert.Equal(500, pairs.Count);
        Assert.Equal(1000, pairs.SelectMany(m => new[] { m.First.Session, m.Second.Session }).Distinct().Count());
        Assert.Equal(0, line.Count);
    }

    private static string Id(string name) => name.PadRight(8, '0');

    private Ticket Ticket(string id, TalkMode mode, params string[] interests) =>
        new(Id(id), "node", mode, interests, null, time.GetUtcNow(), null);
}
