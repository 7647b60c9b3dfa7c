using System.Text.Json;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Hosting;

/// <summary>The systemd unit an operator copies: the README's and docs/whisper.service are one, and it sets what exists.</summary>
public sealed class ReleaseTests
{
    private static readonly string Unit = File.ReadAllText(Path.Combine(Repository.Root, "docs", "whisper.service"));

    [Fact]
    public void The_readme_shows_the_systemd_unit_of_docs_word_for_word()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        Assert.Contains("```ini\n" + Unit + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_systemd_unit_sets_only_real_configuration_keys_and_keeps_its_data_in_its_one_writable_state_folder()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "Whisper.Web", "appsettings.json")));
        var directives = Unit.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            .Select(line => (Key: line[..line.IndexOf('=', StringComparison.Ordinal)], Value: line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
        var whisperKeys = directives.Where(d => d.Key == "Environment" && d.Value.StartsWith("Whisper__", StringComparison.Ordinal))
            .Select(d => d.Value[..d.Value.IndexOf('=', StringComparison.Ordinal)].Replace("__", ":", StringComparison.Ordinal))
            .ToList();
        string Single(string key) => Assert.Single(directives, d => d.Key == key).Value;

        Assert.NotEmpty(whisperKeys);
        Assert.All(whisperKeys, key => Assert.True(ConfigurationTests.Has(settings.RootElement, key), $"{key} is no option of appsettings.json"));
        var state = "/var/lib/" + Single("StateDirectory");
        Assert.Contains($"Environment=Whisper__DataPath={state}\n", Unit, StringComparison.Ordinal);
        Assert.Equal(state, Single("WorkingDirectory"));
        Assert.Contains(state, Single("ReadWritePaths").Split(' '));
        Assert.Contains("/var/cache/" + Single("CacheDirectory"), Single("ReadWritePaths").Split(' '));
        Assert.Contains($"Environment=DOTNET_BUNDLE_EXTRACT_BASE_DIR=/var/cache/{Single("CacheDirectory")}\n", Unit, StringComparison.Ordinal);
        foreach (var (key, value) in new[] { ("DynamicUser", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("NoNewPrivileges", "yes"), ("PrivateTmp", "yes") })
        {
            Assert.Equal(value, Single(key));
        }
    }
}
