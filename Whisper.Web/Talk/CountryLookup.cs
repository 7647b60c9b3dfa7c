using System.Globalization;
using System.Net;
using MaxMind.Db;
using Microsoft.Extensions.Options;

namespace Whisper.Web.Talk;

/// <summary>Section <c>Whisper:GeoIp</c>: the country database behind the stranger chat's flag.</summary>
public sealed class GeoIpOptions
{
    public const string Section = "Whisper:GeoIp";

    /// <summary>A MaxMind-format country database; empty uses the one the build copies beside the app.</summary>
    public string DatabasePath { get; set; } = "";
}

/// <summary>A partner's approximate country, looked up at match time and not kept. No database, no flag.</summary>
public sealed class CountryLookup : IDisposable
{
    private readonly Reader? reader;

    public CountryLookup(IOptions<GeoIpOptions> options, ILogger<CountryLookup> logger)
    {
        var path = new[] { options.Value.DatabasePath, Path.Combine(AppContext.BaseDirectory, "geoip", "country.mmdb") }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
        if (path is null)
        {
            logger.LogInformation("No GeoIP country database found: the stranger chat shows no flags");
            return;
        }

        reader = new Reader(path, FileAccessMode.MemoryMapped);
    }

    /// <summary>The two-letter country code of a public address, or null (unknown, private, loopback, no database).</summary>
    public string? CountryOf(IPAddress? address)
    {
        if (reader is null || address is null)
        {
            return null;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (!Hosting.PublicAddress.Is(address))
        {
            return null;
        }

        var record = reader.Find<Dictionary<string, object>>(address);
        return record is not null && record.TryGetValue("country_code", out var code) && code is string { Length: 2 } country ? country.ToUpperInvariant() : null;
    }

    /// <summary>The flag emoji (regional indicator letters) and the country's English name.</summary>
    public static (string Flag, string Name) Describe(string code)
    {
        var flag = string.Concat(code.Select(c => char.ConvertFromUtf32(0x1F1E6 + (c - 'A'))));
        try
        {
            return (flag, new RegionInfo(code).EnglishName);
        }
        catch (ArgumentException)
        {
            return (flag, code);
        }
    }

    public void Dispose() => reader?.Dispose();
}
