using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Whisper.Bench;

/// <summary>A Whisper process this tool started: its own data folder, rate limits off, on a free loopback port.</summary>
public sealed class WhisperServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dataPath;

    private WhisperServer(Process process, string dataPath, string url)
    {
        this.process = process;
        this.dataPath = dataPath;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => process.Id;

    public static async Task<WhisperServer> StartAsync(
        string serverDll, int? cpu, IReadOnlyList<string>? settings = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dataPath = Directory.CreateTempSubdirectory("whisper-bench-").FullName;
        var arguments = $"\"{serverDll}\" --urls {url} --Whisper:DataPath=\"{dataPath}\" --Whisper:RateLimits:Enabled=false"
            // The benchmark joins hundreds of names in a second, which is what the raid shield is there to stop.
            + " --Whisper:RaidShield:AutoJoinsPerMinute=0 --Whisper:RaidShield:AutoRoomJoinsPerMinute=0 --Logging:LogLevel:Default=Warning"
            + string.Concat((settings ?? []).Select(setting => $" \"--{setting}\""));
        var start = cpu is int core
            ? new ProcessStartInfo("taskset", $"-c {core.ToString(CultureInfo.InvariantCulture)} dotnet {arguments}")
            : new ProcessStartInfo("dotnet", arguments);
        start.WorkingDirectory = Path.GetDirectoryName(serverDll)!;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new WhisperServer(process, dataPath, url);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                if ((await client.GetAsync(url + "/healthz")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The server did not come up.");
    }

    /// <summary>Resident memory of the server process, in KB, from /proc (the process itself, not taskset).</summary>
    public long ResidentKb() => Memory.ResidentKb(ServerPid());

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>taskset execs dotnet, so the pid is the server's own either way.</summary>
    private int ServerPid() => process.Id;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class Memory
{
    public static long ResidentKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
