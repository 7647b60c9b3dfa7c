using System.Diagnostics;
using Whisper.Web.Rooms;

// What turning one message into its HTML costs (done once per message, for every reader), and its plain words
// (done for the repeat check, filters and pushes). A Stopwatch loop per kind of text, after a warm-up: time and bytes
// allocated per message. Run: dotnet bench/Whisper.Bench.Formatting/bin/Release/net10.0/Whisper.Bench.Formatting.dll
var texts = new (string Kind, string Text)[]
{
    ("plain, 80 chars", "wb 12 the quick brown fox jumps over the lazy dog while the room reads along ok"),
    ("plain with an address", "have a look at https://example.com/some/page?with=query&and=more before the call"),
    ("formatted, 80 chars", "**wb 12** the _quick_ brown fox `jumps` over the ~~lazy~~ dog, see [this](https://x.test)"),
    ("quote + code block, 400 chars", "> did the deploy work?\n\nYes, with `./deploy.sh --now`:\n```\n" + string.Join('\n', Enumerable.Repeat("for host in $(cat hosts); do ssh \"$host\" restart; done", 5)) + "\n```\nSee **the log**."),
    ("2000 chars of marks", string.Concat(Enumerable.Repeat("*a* _b_ `c` ~~d~~ [e](https://f.test) ", 55))[..2000]),
    ("2000 unmatched marks", string.Concat(Enumerable.Repeat("*_[`", 500))),
    ("2000 unclosed brackets", new string('[', 2000)),
    ("1000 nested quotes", new string('>', 1000) + " deep"),
    ("200 nested quotes", string.Concat(Enumerable.Repeat("> ", 200)) + "deep"),
};

// A first pass over every text, untimed, so that no row pays for compiling the code the rows after it share.
foreach (var (_, text) in texts)
{
    Measure(() => MessageText.ToHtml(text));
    Measure(() => MessageText.ToPlain(text));
}

Console.WriteLine($"{"text",-32} {"ToHtml ns",10} {"bytes",8} {"ToPlain ns",11} {"bytes",8}");
foreach (var (kind, text) in texts)
{
    var (htmlNs, htmlBytes) = Measure(() => MessageText.ToHtml(text));
    var (plainNs, plainBytes) = Measure(() => MessageText.ToPlain(text));
    Console.WriteLine($"{kind,-32} {htmlNs,10:N0} {htmlBytes,8:N0} {plainNs,11:N0} {plainBytes,8:N0}");
}

static (double Nanoseconds, long Bytes) Measure(Func<string> render)
{
    // Long enough for the tiered JIT to have compiled the optimised code.
    var warmUp = Stopwatch.StartNew();
    while (warmUp.ElapsedMilliseconds < 200)
    {
        render();
    }

    var runs = 0;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedMilliseconds < 500)
    {
        render();
        runs++;
    }

    var elapsed = clock.Elapsed;
    return (elapsed.TotalNanoseconds / runs, (GC.GetAllocatedBytesForCurrentThread() - allocated) / runs);
}
