namespace Whisper.Web.Tests.Support;

/// <summary>
/// Two nodes of one Whisper, as an operator runs them: their own data folders, one PostgreSQL database, one
/// Redis (under a prefix of their own, so clusters of parallel tests never meet), one shared files folder.
/// Needs <c>WHISPER_TEST_REDIS</c> and <c>WHISPER_TEST_POSTGRES</c>; test.sh sets both for its PostgreSQL run.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public static string? Redis => Environment.GetEnvironmentVariable("WHISPER_TEST_REDIS") is { Length: > 0 } redis ? redis : null;

    public static bool Available => Redis is not null && TestDatabases.OnPostgres;

    private readonly string sharedPath = Path.Combine(Path.GetTempPath(), "whisper-tests", "cluster-" + Guid.NewGuid().ToString("n"));
    private readonly Dictionary<string, string?> shared;
    private readonly List<WhisperApp> added = [];

    /// <param name="settings">Settings every node gets on top of the shared ones.</param>
    /// <param name="redis">Another Redis than <c>WHISPER_TEST_REDIS</c>, such as a cluster's nodes.</param>
    public TestCluster(IDictionary<string, string?>? settings = null, string? redis = null)
    {
        shared = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.Ordinal)
        {
            ["Whisper:Redis:Configuration"] = redis ?? Redis ?? throw new InvalidOperationException("WHISPER_TEST_REDIS is not set."),
            ["Whisper:Redis:Prefix"] = "test" + Guid.NewGuid().ToString("n")[..12],
            ["Whisper:Database:ConnectionString"] = TestDatabases.ConnectionStringFor(sharedPath),
            ["Whisper:Files:Path"] = Path.Combine(sharedPath, "files"),
        };
        A = new WhisperApp { Settings = new(shared) };
        B = new WhisperApp { Settings = new(shared) };
    }

    public WhisperApp A { get; }

    public WhisperApp B { get; }

    /// <summary>One more node of the same Whisper (a node restarted with a new release), with services a test adds; disposed with the cluster.</summary>
    public WhisperApp AddNode(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var node = new WhisperApp { Settings = new(shared), ExtraServices = services };
        added.Add(node);
        return node;
    }

    /// <summary>The same person (same cookies) as seen by each node.</summary>
    public (VisitorClient OnA, VisitorClient OnB) NewPerson()
    {
        var cookies = new System.Net.CookieContainer();
        return (A.NewVisitor(cookies), B.NewVisitor(cookies));
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        foreach (var node in added)
        {
            await node.DisposeAsync();
        }

        WhisperApp.TryDelete(sharedPath);
    }
}

/// <summary>A test of several nodes: runs when Redis and PostgreSQL are there (test.sh's PostgreSQL run), skipped otherwise.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (!TestCluster.Available)
        {
            Skip = "Needs WHISPER_TEST_REDIS and WHISPER_TEST_POSTGRES (./test.sh sets both).";
        }
    }
}
