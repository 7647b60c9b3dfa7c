using System.Security.Cryptography;
using System.Text;
using Whisper.Web.AppShell;
using Whisper.Web.Hosting;

namespace Whisper.Web.Tests.Hosting;

/// <summary>The fingerprinted addresses, the import map and the service worker's list, built from a made-up manifest.</summary>
public sealed class StaticAssetUrlsTests
{
    private static StaticAssetUrls Manifest(string menusFingerprint = "aaaaaaaaaa") => new(
    [
        new StaticAsset("/css/site.css", "/css/site.cccccccccc.css", "sha256-css"),
        new StaticAsset("/js/room.js", "/js/room.rrrrrrrrrr.js", "sha256-room"),
        new StaticAsset("/js/menus.js", $"/js/menus.{menusFingerprint}.js", $"sha256-{menusFingerprint}"),
        new StaticAsset("/icons/icon-512.png", "/icons/icon-512.pppppppppp.png", "sha256-png"),
    ]);

    [Fact]
    public void A_file_is_named_by_its_plain_path_and_comes_back_fingerprinted()
    {
        var assets = Manifest();

        Assert.Equal("/css/site.cccccccccc.css", assets["/css/site.css"]);
        Assert.Equal("/js/menus.aaaaaaaaaa.js", assets["/js/menus.js"]);
    }

    [Fact]
    public void A_file_the_manifest_lacks_is_named_by_its_plain_path_so_the_page_still_works() =>
        Assert.Equal("/js/missing.js", Manifest()["/js/missing.js"]);

    [Fact]
    public void The_import_map_sends_each_module_by_its_absolute_plain_path_to_its_fingerprinted_file_with_its_integrity()
    {
        var map = Manifest().ImportMap;

        Assert.Equal(new Dictionary<string, string>
        {
            ["/js/room.js"] = "/js/room.rrrrrrrrrr.js",
            ["/js/menus.js"] = "/js/menus.aaaaaaaaaa.js",
        }, map.Imports);
        Assert.Equal("sha256-room", map.Integrity!["/js/room.rrrrrrrrrr.js"]);
        Assert.DoesNotContain(map.Imports!.Keys, key => key.StartsWith('.'));
    }

    [Fact]
    public void The_CSP_hash_is_the_hash_of_the_import_map_as_written_into_the_page()
    {
        var assets = Manifest();

        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(assets.ImportMap.ToString())));
        Assert.Equal($"'sha256-{expected}'", assets.ImportMapHash);
        Assert.NotEqual(Manifest("bbbbbbbbbb").ImportMapHash, assets.ImportMapHash);
    }

    [Fact]
    public void The_worker_precaches_the_fingerprinted_files_and_a_changed_file_changes_its_list_and_version()
    {
        var before = AppShellFeature.Shell(Manifest());
        var after = AppShellFeature.Shell(Manifest(menusFingerprint: "bbbbbbbbbb"));

        Assert.Equal(["/offline", "/css/site.cccccccccc.css", "/js/menus.aaaaaaaaaa.js", "/js/room.rrrrrrrrrr.js", "/icons/icon-192.png"], before);
        Assert.Contains("/js/menus.bbbbbbbbbb.js", after);
        Assert.DoesNotContain("/js/menus.aaaaaaaaaa.js", after);
        Assert.NotEqual(Version(AppShellFeature.BuildWorker(before, "en")), Version(AppShellFeature.BuildWorker(after, "en")));
        Assert.Equal(Version(AppShellFeature.BuildWorker(before, "en")), Version(AppShellFeature.BuildWorker(AppShellFeature.Shell(Manifest()), "en")));
    }

    private static string Version(string worker) =>
        worker.Split('\n').Single(line => line.StartsWith("const VERSION", StringComparison.Ordinal));
}
