using System.Globalization;
using System.Text.RegularExpressions;

namespace Whisper.Web.Tests.Metrics;

/// <summary>One read of <c>/metrics</c> in Prometheus' text format: its samples by name and labels.</summary>
public sealed partial class Scrape(string text)
{
    public string Text => text;

    public IReadOnlyList<(string Name, string Labels, double Value)> Samples { get; } = [.. text.Split('\n')
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => Sample().Match(line))
        .Where(match => match.Success)
        .Select(match => (match.Groups[1].Value, match.Groups[2].Value, double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture)))];

    /// <summary>The names samples are reported under (a histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c> among them).</summary>
    public IReadOnlySet<string> Names => Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (all of them without one); 0 when absent.</summary>
    public double Sum(string name, string? label = null) =>
        Samples.Where(s => s.Name == name && (label is null || s.Labels.Contains(label, StringComparison.Ordinal))).Sum(s => s.Value);

    public static async Task<Scrape> ReadAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)")]
    private static partial Regex Sample();
}
