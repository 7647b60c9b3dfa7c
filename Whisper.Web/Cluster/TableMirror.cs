using System.Collections.Concurrent;

namespace Whisper.Web.Cluster;

/// <summary>An in-memory copy of a database table that other nodes change too, kept whole while it is refreshed.</summary>
public static class TableMirror
{
    /// <summary>Makes the mirror hold exactly <paramref name="saved"/>, without ever being empty in between.</summary>
    public static void ReplaceWith<TKey, TValue>(this ConcurrentDictionary<TKey, TValue> mirror, IEnumerable<KeyValuePair<TKey, TValue>> saved)
        where TKey : notnull
    {
        var keep = new HashSet<TKey>(mirror.Comparer);
        foreach (var (key, value) in saved)
        {
            mirror[key] = value;
            keep.Add(key);
        }

        foreach (var key in mirror.Keys.Where(k => !keep.Contains(k)))
        {
            mirror.TryRemove(key, out _);
        }
    }
}
