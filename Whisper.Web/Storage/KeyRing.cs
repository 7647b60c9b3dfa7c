using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Whisper.Web.Storage;

/// <summary>
/// The data-protection keys (antiforgery tokens, the admin cookie) in the shared database, so every node reads
/// what any node wrote. Used with PostgreSQL; a single node keeps them as files under DataPath.
/// </summary>
public sealed class KeyRing(Database database) : IXmlRepository, ISchema
{
    public string Sql => "CREATE TABLE IF NOT EXISTS data_protection_keys (name TEXT PRIMARY KEY, xml TEXT NOT NULL);";

    // The interface is synchronous; keys are read rarely (at start, then when the ring rolls every 90 days).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        database.QueryAsync("SELECT xml FROM data_protection_keys", reader => XElement.Parse(reader.GetString(0))).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        database.ExecuteAsync(
            "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml",
            ("@name", friendlyName), ("@xml", element.ToString(SaveOptions.DisableFormatting))).GetAwaiter().GetResult();
}
