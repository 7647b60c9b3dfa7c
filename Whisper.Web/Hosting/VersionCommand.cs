using System.Reflection;

namespace Whisper.Web.Hosting;

/// <summary><c>Whisper.Web --version</c>: the release, so an operator can tell which build a server runs before upgrading.</summary>
public static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static bool TryRun(string[] args)
    {
        if (args is not ["--version"])
        {
            return false;
        }

        Console.WriteLine($"Whisper {Version}");
        return true;
    }
}
