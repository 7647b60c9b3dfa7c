using System.Text.Json;

namespace Whisper.Web.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void The_readme_lists_every_option_in_appsettings()
    {
        var root = RepositoryRoot();
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "Whisper.Web", "appsettings.json")));
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var options = new List<string>();
        Collect(settings.RootElement.GetProperty("Whisper"), "Whisper", options);

        Assert.True(options.Count >= 10, "appsettings.json lost its Whisper section");
        Assert.All(options, option => Assert.Contains($"`{option}`", readme, StringComparison.Ordinal));
    }

    private static void Collect(JsonElement element, string path, List<string> options)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Collect(property.Value, $"{path}:{property.Name}", options);
            }
        }
        else
        {
            // Leaves and lists (such as Whisper:Rooms) are documented as one option.
            options.Add(path);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Whisper.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Whisper.sln not found above the test output.");
    }
}
