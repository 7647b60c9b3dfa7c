using System.Collections.Concurrent;

namespace Whisper.Web.Cluster;

/// <summary>Helpers for the in-memory mirrors of database tables that other nodes change too.</summary>
public static class Mirror
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
