using System.Text.Json;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void The_readme_lists_every_option_in_appsettings()
    {
        var root = Repository.Root;
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
}
