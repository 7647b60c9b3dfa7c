using System.Diagnostics;

namespace Whisper.Web.Tests.Support;

/// <summary>
/// A three-primary Redis Cluster on loopback, started for the tests on the ports <c>WHISPER_TEST_REDIS_CLUSTER</c>
/// names (<c>127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003</c>; test.sh sets it in its PostgreSQL run) with Debian's
/// redis-server, without persistence, in a folder of its own; shut down when the tests are done.
/// </summary>
public sealed class LoopbackRedisCluster : IDisposable
{
    public static string? Configured => Environment.GetEnvironmentVariable("WHISPER_TEST_REDIS_CLUSTER") is { Length: > 0 } nodes ? nodes : null;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "whisper-tests", "redis-cluster-" + Guid.NewGuid().ToString("n"));
    private readonly int[] ports = [.. (Configured ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(node => int.Parse(node[(node.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];

    private readonly Lazy<string> started;

    // xunit builds a class fixture even when every test of the class is skipped: the cluster starts on first use only.
    public LoopbackRedisCluster() => started = new Lazy<string>(StartAll);

    /// <summary>The connection string naming every node; the cluster is started the first time it is asked for.</summary>
    public string Configuration => started.Value;

    private string StartAll()
    {
        foreach (var port in ports)
        {
            Cli(port, "shutdown", "nosave");
            Start(port);
        }

        Run("redis-cli", ["--cluster", "create", .. ports.Select(p => $"127.0.0.1:{p}"), "--cluster-yes"]);
        WaitUntil(() => ports.All(p => Cli(p, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)), "the cluster to be ready");
        return string.Join(',', ports.Select(p => $"127.0.0.1:{p}"));
    }

    /// <summary>Stops one node and starts it again empty (no persistence): it keeps its slots, and loses every key in them.</summary>
    public void Restart(int port)
    {
        Cli(port, "shutdown", "nosave");
        WaitUntil(() => !Cli(port, "ping").Contains("PONG", StringComparison.Ordinal), $"node {port} to stop");
        Start(port);
        WaitUntil(() => ports.All(p => Cli(p, "cluster", "info").Contains("cluster_state:ok", StringComparison.Ordinal)), "the cluster to be ready again");
    }

    public void Dispose()
    {
        if (!started.IsValueCreated)
        {
            return;
        }

        foreach (var port in ports)
        {
            Cli(port, "shutdown", "nosave");
        }

        WhisperApp.TryDelete(folder);
    }

    private void Start(int port)
    {
        var dir = Path.Combine(folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        Run("redis-server", [
            "--port", $"{port}", "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(dir, "nodes.conf"),
            "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "yes", "--logfile", Path.Combine(dir, "redis.log")]);
        WaitUntil(() => Cli(port, "ping").Contains("PONG", StringComparison.Ordinal), $"node {port} to answer");
    }

    private static string Cli(int port, params string[] command) => Run("redis-cli", ["-p", $"{port}", .. command], check: false);

    private static string Run(string program, IEnumerable<string> arguments, bool check = true)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"{program} did not finish in 30 s.");
        }

        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {output.Result}{errors.Result}");
        }

        return output.Result + errors.Result;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (condition())
            {
                return;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"Waited 15 s for {what}.");
    }
}

/// <summary>A test on a Redis Cluster: runs when <c>WHISPER_TEST_REDIS_CLUSTER</c> and PostgreSQL are there, skipped otherwise.</summary>
public sealed class RedisClusterFactAttribute : FactAttribute
{
    public RedisClusterFactAttribute()
    {
        if (LoopbackRedisCluster.Configured is null || !TestDatabases.OnPostgres)
        {
            Skip = "Needs WHISPER_TEST_REDIS_CLUSTER and WHISPER_TEST_POSTGRES (./test.sh sets both).";
        }
    }
}
