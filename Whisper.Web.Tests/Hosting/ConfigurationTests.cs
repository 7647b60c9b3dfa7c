using System.Reflection;
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

    [Fact]
    public void Appsettings_names_every_option_the_code_reads()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "Whisper.Web", "appsettings.json")));
        var sections = typeof(Program).Assembly.GetTypes()
            .Select(type => (type, section: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(s => s.section?.StartsWith("Whisper:", StringComparison.Ordinal) == true && s.type.IsClass && !s.type.IsAbstract)
            .ToList();
        var options = sections
            .SelectMany(s => s.type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => $"{s.section}:{p.Name}"))
            .ToList();

        Assert.True(options.Count >= 40, "no options classes found");
        Assert.All(options, option => Assert.True(Has(settings.RootElement, option), $"appsettings.json lacks {option}"));
    }

    internal static bool Has(JsonElement element, string option)
    {
        foreach (var part in option.Split(':'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return false;
            }
        }

        return true;
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
