using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Whisper.Web.Files;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Files;

public sealed class FileStoreTests : IDisposable
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("whisper-files-").FullName;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Files_expire_after_the_retention_and_free_their_space()
    {
        var store = NewStore(new Whisper.Web.Files.FileSharingOptions { Retention = TimeSpan.FromHours(1) });
        var (old, _) = await store.SaveAsync(new MemoryStream(new byte[300]), "old.bin", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(30));
        var (young, _) = await store.SaveAsync(new MemoryStream(new byte[200]), "young.bin", CancellationToken.None);
        Assert.Equal(500, store.TotalBytes);

        time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal([old!.Id], store.DeleteExpired());
        Assert.Null(store.Find(old.Id));
        Assert.False(File.Exists(Path.Combine(store.Folder, old.Id)));
        Assert.NotNull(store.Find(young!.Id));
        Assert.Equal(200, store.TotalBytes);
    }

    [Fact]
    public async Task The_disk_cap_counts_stored_files_and_uploads_in_progress()
    {
        var store = NewStore(new Whisper.Web.Files.FileSharingOptions { MaxBytes = 1000, MaxTotalBytes = 2400 });
        var (first, _) = await store.SaveAsync(new MemoryStream(new byte[900]), "a", CancellationToken.None);
        var (second, _) = await store.SaveAsync(new MemoryStream(new byte[600]), "b", CancellationToken.None);

        var (third, full) = await store.SaveAsync(new MemoryStream(new byte[10]), "c", CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.Equal(507, full!.Status);
        Assert.Contains("storage is full", full.Message, StringComparison.OrdinalIgnoreCase);
        store.Delete(first!.Id);
        Assert.NotNull((await store.SaveAsync(new MemoryStream(new byte[10]), "d", CancellationToken.None)).File);
        Assert.Equal(610, store.TotalBytes);
    }

    [Fact]
    public async Task A_file_over_the_limit_or_empty_leaves_nothing_on_disk()
    {
        var store = NewStore(new Whisper.Web.Files.FileSharingOptions { MaxBytes = 100 });

        var (big, tooLarge) = await store.SaveAsync(new MemoryStream(new byte[101]), "big", CancellationToken.None);
        var (empty, nothing) = await store.SaveAsync(new MemoryStream(), "empty", CancellationToken.None);

        Assert.Null(big);
        Assert.Equal(413, tooLarge!.Status);
        Assert.Equal("Files can be at most 100 B.", tooLarge.Message);
        Assert.Null(empty);
        Assert.Equal(422, nothing!.Status);
        Assert.Empty(Directory.EnumerateFiles(store.Folder));
        Assert.Equal(0, store.TotalBytes);
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_leaves_nothing_on_disk()
    {
        var store = NewStore(new Whisper.Web.Files.FileSharingOptions());

        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(new BreaksAfter(5000), "cut.bin", CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(store.Folder));
        Assert.Equal(0, store.TotalBytes);
    }

    [Fact]
    public async Task Leftovers_of_an_earlier_run_are_deleted()
    {
        var store = NewStore(new Whisper.Web.Files.FileSharingOptions());
        var (kept, _) = await store.SaveAsync(new MemoryStream(new byte[10]), "kept", CancellationToken.None);
        File.WriteAllText(Path.Combine(store.Folder, "upload-0123"), "half an upload");
        File.WriteAllText(Path.Combine(store.Folder, "0123456789abcdef0123456789abcdef"), "a file nobody points at");

        Assert.Equal(2, store.DeleteLeftovers());
        Assert.Equal([kept!.Id], Directory.EnumerateFiles(store.Folder).Select(Path.GetFileName));
    }

    public void Dispose() => WhisperApp.TryDelete(dataPath);

    private FileStore NewStore(Whisper.Web.Files.FileSharingOptions options) => new(
        TestDatabases.Create(dataPath),
        Microsoft.Extensions.Options.Options.Create(options),
        Microsoft.Extensions.Options.Options.Create(new Whisper.Web.Cluster.ClusterOptions()), time, NullLogger<FileStore>.Instance,
        new Microsoft.Extensions.Localization.StringLocalizer<Whisper.Web.Languages.RoomsText>(new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)));

    /// <summary>A body whose connection drops after some bytes.</summary>
    private sealed class BreaksAfter(int bytes) : Stream
    {
        private int sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (sent >= bytes)
            {
                throw new IOException("The connection was reset.");
            }

            var n = Math.Min(count, bytes - sent);
            sent += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(new byte[buffer.Length], 0, buffer.Length));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
