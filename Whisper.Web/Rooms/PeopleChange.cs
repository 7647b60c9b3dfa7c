using System.Security.Cryptography;
using System.Text;

namespace Whisper.Web.Rooms;

/// <summary>
/// Who arrived in a room and who left since the last announcement, and how many are there now. With
/// <see cref="Everyone"/>, <see cref="Arrived"/> is the whole list (what a stream that just opened starts from).
/// </summary>
public sealed record PeopleChange(IReadOnlyList<string> Arrived, IReadOnlyList<string> Left, int Count, bool Everyone = false)
{
    /// <summary>A person's element id: from the name's hash, as a name holds spaces an id cannot.</summary>
    public static string DomIdFor(string name) => "p-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 6));
}
