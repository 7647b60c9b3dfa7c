using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Strangers;

namespace Whisper.Web.Tests.Strangers;

public sealed class MatchmakerTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly Matchmaker matchmaker;

    public MatchmakerTests() => matchmaker = new Matchmaker(Microsoft.Extensions.Options.Options.Create(new TalkOptions { InterestWaitSeconds = 5 }), time);

    [Fact]
    public void Voice_and_video_pair_with_each_other_and_text_with_text()
    {
        var first = Session("a", TalkMode.Text);
        var second = Session("b", TalkMode.Text);
        var video = Session("v", TalkMode.Video);

        Assert.Null(matchmaker.Enqueue(video));
        Assert.Null(matchmaker.Enqueue(first));
        Assert.Same(first, matchmaker.Enqueue(second)!.PartnerOf(second));
        var voice = Session("c", TalkMode.Voice);
        var audioVisual = matchmaker.Enqueue(voice);

        Assert.NotNull(audioVisual);
        Assert.Same(video, audioVisual!.PartnerOf(voice));
    }

    [Fact]
    public void Text_pairs_with_text_in_arrival_order_and_never_with_itself()
    {
        var first = Session("a", TalkMode.Text);
        Assert.Null(matchmaker.Enqueue(first));
        Assert.Null(matchmaker.Enqueue(first));

        var third = Session("c", TalkMode.Text);
        var conversation = matchmaker.Enqueue(third);

        Assert.Same(first, conversation!.PartnerOf(third));
        Assert.Equal(0, matchmaker.Waiting);
    }

    [Fact]
    public void Someone_just_skipped_is_not_matched_again_straight_away()
    {
        var alice = Session("alice", TalkMode.Text);
        var bob = Session("bob", TalkMode.Text);
        alice.LastPartnerId = bob.Id;
        bob.LastPartnerId = alice.Id;

        Assert.Null(matchmaker.Enqueue(alice));
        Assert.Null(matchmaker.Enqueue(bob));
        var carol = Session("carol", TalkMode.Text);
        Assert.Same(alice, matchmaker.Enqueue(carol)!.PartnerOf(carol));
    }

    [Fact]
    public void Shared_interests_come_first_and_anyone_will_do_after_the_wait()
    {
        var chess = Session("chess", TalkMode.Text, "chess");
        var music = Session("music", TalkMode.Text, "music");
        Assert.Null(matchmaker.Enqueue(chess));
        Assert.Null(matchmaker.Enqueue(music));

        var alsoMusic = Session("also", TalkMode.Text, "Music", "films");
        Assert.Same(music, matchmaker.Enqueue(alsoMusic)!.PartnerOf(alsoMusic));
        Assert.Empty(alsoMusic.Interests);

        var cooking = Session("cook", TalkMode.Text, "cooking");
        Assert.Null(matchmaker.Enqueue(cooking));
        Assert.Empty(matchmaker.MatchPatientOnes());
        time.Advance(TimeSpan.FromSeconds(5));
        var late = Assert.Single(matchmaker.MatchPatientOnes());
        Assert.Same(cooking, late.PartnerOf(chess));
    }

    [Fact]
    public async Task A_thousand_visitors_arriving_at_once_make_five_hundred_separate_pairs()
    {
        var visitors = Enumerable.Range(0, 1000).Select(i => Session($"s{i}", TalkMode.Text)).ToList();

        var conversations = await Task.WhenAll(visitors.Select(v => Task.Run(() => matchmaker.Enqueue(v))));

        var pairs = conversations.Where(c => c is not null).ToList();
        Assert.Equal(500, pairs.Count);
        Assert.Equal(1000, pairs.SelectMany(c => new[] { c!.First, c.Second }).Distinct().Count());
        Assert.All(visitors, v => Assert.NotNull(v.Conversation));
        Assert.Equal(0, matchmaker.Waiting);
    }

    private StrangerSession Session(string id, TalkMode mode, params string[] interests) =>
        new(id.PadRight(8, '0'), mode, interests, 0, time.GetUtcNow());
}
