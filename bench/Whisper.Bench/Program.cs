using System.Text.Json;
using Whisper.Bench;

// dotnet run --project bench/Whisper.Bench -c Release -- --server Whisper.Web/bin/Release/net10.0/Whisper.Web.dll -n 1000 -m 200 -r 100
// See bench/README.md for every option and for bench/compare.sh.
try
{
    var options = BenchOptions.Parse(args);
    if (options.Url.Length == 0 && options.ServerDll.Length == 0)
    {
        Console.Error.WriteLine("Give --url of a running Whisper, or --server path/to/Whisper.Web.dll to start one.");
        return 2;
    }

    if (options.Push > 0)
    {
        if (options.ServerDll.Length == 0)
        {
            Console.Error.WriteLine("The push run starts its own server: give --server path/to/Whisper.Web.dll.");
            return 2;
        }

        var pushed = await PushBench.RunAsync(options, Console.Error.WriteLine);
        Console.WriteLine(pushed.Summary);
        if (options.Json is { } pushPath)
        {
            await File.AppendAllTextAsync(pushPath, JsonSerializer.Serialize(pushed) + Environment.NewLine);
        }

        return pushed.Delivered >= pushed.Subscriptions && pushed.ChatDuringPush.Lost == 0 ? 0 : 1;
    }

    var result = await BenchRun.RunAsync(options, Console.Error.WriteLine);
    Console.WriteLine(result.Summary);
    if (options.Json is { } path)
    {
        await File.AppendAllTextAsync(path, JsonSerializer.Serialize(result) + Environment.NewLine);
    }

    return result.Lost == 0 && result.FailedPosts == 0 ? 0 : 1;
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

/// <summary>Internal on purpose: with ASP.NET Core referenced (for the fake push service) the SDK would make it public, and the tests see Whisper.Web's Program.</summary>
internal sealed partial class Program;
