using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Moderation;
using Whisper.Web.Storage;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Moderation;

/// <summary>Reports and audit entries have an end, as the privacy policy says: the sweep deletes what is older.</summary>
public sealed class RecordRetentionTests : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "whisper-tests", Guid.NewGuid().ToString("n"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private Database database = null!;
    private Reports reports = null!;
    private AuditLog audit = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabases.Create(dataPath);
        reports = new Reports(database, time);
        audit = new AuditLog(database, time, new Microsoft.AspNetCore.Http.HttpContextAccessor());
        await database.CreateSchemaAsync([reports, audit], CancellationToken.None);
    }

    public Task DisposeAsync() => TestDatabases.DeleteAsync(database, dataPath);

    [Fact]
    public async Task Reports_and_audit_entries_older_than_their_days_are_deleted_and_newer_ones_stay()
    {
        await reports.FileAsync(Reports.RoomSource, "lobby", 1, "Old Name 1", Reports.Reasons[0]);
        await audit.WriteAsync("Deleted a message", "old");
        time.Advance(TimeSpan.FromDays(10));
        await reports.FileAsync(Reports.RoomSource, "lobby", 2, "New Name 2", Reports.Reasons[0]);
        await audit.WriteAsync("Deleted a message", "new");

        await reports.DeleteFiledBeforeAsync(time.GetUtcNow().AddDays(-5));
        await audit.DeleteWrittenBeforeAsync(time.GetUtcNow().AddDays(-5));

        Assert.Equal(["New Name 2"], (await reports.OpenAsync()).Select(r => r.Reported));
        Assert.Equal(["new"], (await audit.RecentAsync(10)).Select(e => e.Target));
    }
}
