namespace Whisper.Web.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class LoadingFilesTests(BrowserFixture browsers)
{
    [Fact]
    public async Task A_room_fetches_every_script_and_stylesheet_by_its_fingerprint_and_the_import_map_breaks_no_rule()
    {
        await using var reader = await browsers.NewPersonAsync();
        await reader.OpenAsync("/chat/random");
        await reader.JoinAsync();
        await reader.WaitForLiveAsync();

        await reader.SendAsync("Every file by its fingerprint");
        await reader.ExpectMessageAsync("Every file by its fingerprint");

        var files = reader.Network
            .Where(line => line.Contains("-> GET ", StringComparison.Ordinal))
            .Select(line => new Uri(line[(line.IndexOf("-> GET ", StringComparison.Ordinal) + 7)..]).AbsolutePath)
            .Where(path => path.StartsWith("/js/", StringComparison.Ordinal) || path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/css/", StringComparison.Ordinal))
            .ToList();
        // menus.js is imported by plain name from conversation.js and people.js: the import map sent the browser to its fingerprint.
        Assert.Contains(files, path => path.StartsWith("/js/menus.", StringComparison.Ordinal));
        Assert.All(files, path => Assert.Matches("\\.[a-z0-9]{10}\\.(js|css)$", path));
        Assert.Empty(await reader.CspViolationsAsync());
        Assert.Empty(reader.ConsoleErrors);
    }
}
