using System.Globalization;

namespace Whisper.Bench;

/// <summary>What to measure: against a server this tool starts (the default) or one given by URL.</summary>
public sealed record BenchOptions
{
    /// <summary>A running Whisper to measure (several nodes: comma-separated); empty starts them from <see cref="ServerDll"/>.</summary>
    public string Url { get; init; } = "";

    /// <summary>How many nodes to start; streams and posters are spread over them in turn.</summary>
    public int Nodes { get; init; } = 1;

    /// <summary>Extra settings for the started nodes, such as <c>Whisper:Redis:Configuration=127.0.0.1:6392</c>.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    public string ServerDll { get; init; } = "";

    public string Room { get; init; } = "lobby";

    public int Subscribers { get; init; } = 1000;

    public int Messages { get; init; } = 200;

    /// <summary>Messages per second, all posters together.</summary>
    public int Rate { get; init; } = 20;

    public int Posters { get; init; } = 4;

    /// <summary>Characters of text per message; the fragment adds avatar, name and time around it.</summary>
    public int TextLength { get; init; } = 80;

    public int ConnectConcurrency { get; init; } = 200;

    /// <summary>The languages the streams read in, one after another (Accept-Language); empty: the server's default.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Seconds to wait for stragglers after the last post.</summary>
    public double Drain { get; init; } = 10;

    /// <summary>CPU for the server, and for this tool, when set (taskset and processor affinity).</summary>
    public int? ServerCpu { get; init; }

    /// <summary>CPUs for the nodes in turn (<c>0,1</c>); overrides <see cref="ServerCpu"/>.</summary>
    public IReadOnlyList<int> NodeCpus { get; init; } = [];

    public int? ClientCpu { get; init; }

    public string? Json { get; init; }

    /// <summary>Push subscriptions to make in one room; above zero, the run measures push delivery (see <c>PushBench</c>).</summary>
    public int Push { get; init; }

    /// <summary>Browsers (subscriptions) per name: 100 names of 100 devices make 10,000.</summary>
    public int PushDevices { get; init; } = 100;

    /// <summary>How long the fake push service takes to answer each push, in milliseconds.</summary>
    public int PushDelay { get; init; } = 50;

    /// <summary>Seconds after the chat run starts before the one message that pushes to everyone is posted.</summary>
    public double PushAfter { get; init; } = 3;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            o = name switch
            {
                "--url" => o with { Url = Value().TrimEnd('/') },
                "--server" => o with { ServerDll = Value() },
                "--room" => o with { Room = Value() },
                "--subscribers" or "-n" => o with { Subscribers = Number() },
                "--messages" or "-m" => o with { Messages = Number() },
                "--rate" or "-r" => o with { Rate = Number() },
                "--posters" => o with { Posters = Number() },
                "--text-length" => o with { TextLength = Number() },
                "--connect-concurrency" => o with { ConnectConcurrency = Number() },
                "--languages" => o with { Languages = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                "--drain" => o with { Drain = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--server-cpu" => o with { ServerCpu = Number() },
                "--nodes" => o with { Nodes = Number() },
                "--node-cpus" => o with { NodeCpus = [.. Value().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                "--setting" => o with { Settings = [.. o.Settings, Value()] },
                "--client-cpu" => o with { ClientCpu = Number() },
                "--json" => o with { Json = Value() },
                "--push" => o with { Push = Number() },
                "--push-devices" => o with { PushDevices = Number() },
                "--push-delay" => o with { PushDelay = Number() },
                "--push-after" => o with { PushAfter = double.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {name}. See bench/README.md."),
            };
        }

        return o;
    }
}
