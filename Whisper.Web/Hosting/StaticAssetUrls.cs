using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.StaticAssets;

namespace Whisper.Web.Hosting;

/// <summary>One file of wwwroot as the build's static-assets manifest lists it: its plain path, its fingerprinted address and its SRI hash.</summary>
public sealed record StaticAsset(string Path, string Url, string? Integrity);

/// <summary>
/// The fingerprinted address of every file in wwwroot, read from the manifest the build writes and MapStaticAssets serves
/// (those addresses are immutable for a year, precompressed, with strong ETags). Views ask for a file by its plain path;
/// modules keep importing each other by plain name (<c>./menus.js</c>) and the import map sends those to the fingerprinted
/// files, so a changed file is a new address everywhere and an unchanged one stays cached.
/// </summary>
public sealed class StaticAssetUrls
{
    private readonly Dictionary<string, StaticAsset> byPath;

    internal StaticAssetUrls(IEnumerable<StaticAsset> assets)
    {
        byPath = assets.ToDictionary(a => a.Path, StringComparer.Ordinal);
        // Absolute keys: a relative one ("./js/x.js", the framework's default) would resolve against /chat/lobby, not the root.
        ImportMap = new ImportMapDefinition(
            byPath.Values.Where(a => a.Path.EndsWith(".js", StringComparison.Ordinal)).ToDictionary(a => a.Path, a => a.Url),
            scopes: null,
            byPath.Values.Where(a => a.Integrity is not null && a.Path.EndsWith(".js", StringComparison.Ordinal)).ToDictionary(a => a.Url, a => a.Integrity!));
        // The tag helper writes exactly this JSON between the tags, so its hash is what the CSP allows, and nothing else inline.
        ImportMapHash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ImportMap.ToString())))}'";
    }

    /// <summary>Reads the fingerprinted files from the static-asset endpoints MapStaticAssets made.</summary>
    public static StaticAssetUrls From(EndpointDataSource endpoints) => new(
        endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<StaticAssetDescriptor>())
            .OfType<StaticAssetDescriptor>()
            // Only the fingerprinted addresses carry a label (the plain path); the same file compressed ahead is another
            // endpoint at the same address (chosen by Accept-Encoding), or a .gz/.br file of its own.
            .Where(d => d.Properties.Any(p => p.Name == "fingerprint") && !d.ResponseHeaders.Any(h => h.Name == "Content-Encoding"))
            .Select(d => (Descriptor: d, Label: d.Properties.FirstOrDefault(p => p.Name == "label")?.Value))
            .Where(d => d.Label is not null)
            .Select(d => new StaticAsset(
                "/" + d.Label,
                "/" + d.Descriptor.Route,
                d.Descriptor.Properties.FirstOrDefault(p => p.Name == "integrity")?.Value)));

    /// <summary>Every file, by plain path.</summary>
    public IReadOnlyCollection<StaticAsset> All => byPath.Values;

    /// <summary>
    /// The fingerprinted address of <paramref name="path"/> ("/css/site.css"), or the plain path, which MapStaticAssets
    /// serves too (revalidated rather than immutable), when the manifest this node read lacks it: a page still works.
    /// Seen with several hosts in one process (the tests' nodes), where a later host read fewer fingerprinted files;
    /// <c>StaticAssetsTests</c> check that a single node names every file by its fingerprint.
    /// </summary>
    public string this[string path] => byPath.TryGetValue(path, out var asset) ? asset.Url : path;

    /// <summary>Every module's plain path to its fingerprinted address, with its integrity.</summary>
    public ImportMapDefinition ImportMap { get; }

    /// <summary>The CSP source that lets the inline import map run: <c>'sha256-…'</c>.</summary>
    public string ImportMapHash { get; }
}
