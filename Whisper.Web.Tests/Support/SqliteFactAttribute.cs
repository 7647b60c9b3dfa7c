namespace Whisper.Web.Tests.Support;

/// <summary>A test of the SQLite file itself: skipped in the PostgreSQL run, where the data is not in the data folder.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabases.OnPostgres)
        {
            Skip = "The PostgreSQL run keeps no SQLite file; PostgreSQL is backed up with pg_dump.";
        }
    }
}
