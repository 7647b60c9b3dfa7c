using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Whisper.Web.Rooms;
using Whisper.Web.Storage;

namespace Whisper.Web.Files;

/// <summary>
/// Shared files on disk under <c>DataPath/files</c> (or <c>Whisper:Files:Path</c>), named by a random 128-bit id and
/// nothing else. The index of what exists lives in memory, like the messages that point at the files: a node learns
/// of a file with its message. On one node a restart leaves no messages, so every file left on disk is deleted at
/// start; with several, messages outlive a node, so only files older than the retention count as left over.
/// </summary>
public sealed class FileStore(
    Database database, IOptions<FileSharingOptions> options, IOptions<Cluster.ClusterOptions> cluster, TimeProvider time, ILogger<FileStore> logger,
    Microsoft.Extensions.Localization.IStringLocalizer<Languages.RoomsText> words)
{
    private const string TempPrefix = "upload-";
    private readonly ConcurrentDictionary<string, Attachment> files = new(StringComparer.Ordinal);
    private long committedBytes;

    public string Folder { get; } = options.Value.Path is { Length: > 0 } path ? Path.GetFullPath(path) : Path.Combine(database.DataPath, "files");

    public long TotalBytes => Interlocked.Read(ref committedBytes);

    public int Count => files.Count;

    /// <summary>The bytes of the stored files (not of uploads still on their way).</summary>
    public long StoredBytes => files.Values.Sum(f => f.DiskBytes);

    public Attachment? Find(string? id) => id is not null && files.TryGetValue(id, out var file) ? file : null;

    public string PathOf(Attachment file) => Path.Combine(Folder, file.Id);

    /// <summary>The preview beside its file: the same id, so the leftover sweep and deletion treat them as one.</summary>
    public string PreviewPathOf(Attachment file) => PreviewPath(file.Id);

    /// <summary>
    /// Streams <paramref name="content"/> to a temporary file, counting bytes as they come: past the limit it
    /// stops reading and refuses. Space is reserved before writing, so concurrent uploads cannot overfill the disk cap.
    /// </summary>
    public async Task<(Attachment? File, Refusal? Refusal)> SaveAsync(Stream content, string? uploadedName, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        // Room for the largest file; an image's preview (at most 60 KB) is counted once it is made.
        var reserved = limits.MaxBytes;
        if (Interlocked.Add(ref committedBytes, reserved) > limits.MaxTotalBytes)
        {
            Interlocked.Add(ref committedBytes, -reserved);
            return (null, new Refusal(words["Rooms.Refusal.FilesFull"], StatusCodes.Status507InsufficientStorage));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var temp = Path.Combine(Folder, TempPrefix + id);
        var kept = false;
        try
        {
            Directory.CreateDirectory(Folder);
            var head = new byte[FileSniffer.HeaderBytes];
            var headLength = 0;
            long written = 0;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    written += read;
                    if (written > limits.MaxBytes)
                    {
                        return (null, new Refusal(words["Rooms.Refusal.FileTooLarge", FileSize.Describe(words, limits.MaxBytes)], StatusCodes.Status413PayloadTooLarge));
                    }

                    var copy = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, copy).CopyTo(head.AsSpan(headLength));
                    headLength += copy;
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (written == 0)
            {
                return (null, new Refusal(words["Rooms.Refusal.FileEmpty"], StatusCodes.Status422UnprocessableEntity));
            }

            var (type, kind, image) = FileSniffer.Sniff(head.AsSpan(0, headLength));
            var file = new Attachment(id, FileNames.Sanitise(uploadedName), type, kind, written, image, time.GetUtcNow());
            if (image)
            {
                (file, var tooManyPixels) = await SharedImage.PrepareAsync(temp, file, PreviewPathOf(file), limits.MaxImagePixels, cancellationToken);
                if (tooManyPixels)
                {
                    var megapixels = (limits.MaxImagePixels / 1_000_000.0).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture);
                    return (null, new Refusal(words["Rooms.Refusal.ImageTooLarge", megapixels], StatusCodes.Status422UnprocessableEntity));
                }
            }

            File.Move(temp, PathOf(file));
            files[id] = file;
            kept = true;
            reserved -= file.DiskBytes;
            return (file, null);
        }
        catch (Exception exception) when (StorageTrouble.Is(exception))
        {
            // The disk, not the visitor: they are told so, and the operator learns which folder and how much is left.
            logger.LogError("Could not store an upload: {Problem}", StorageTrouble.Describe(Folder, exception));
            return (null, new Refusal(words["Rooms.Refusal.StorageTrouble"], StatusCodes.Status507InsufficientStorage));
        }
        finally
        {
            Interlocked.Add(ref committedBytes, -reserved);
            // An upload cut off half-way, refused or failed leaves nothing behind.
            TryDelete(temp);
            if (!kept)
            {
                TryDelete(PreviewPath(id));
            }
        }
    }

    /// <summary>Learns of a file from its message (one another node stored in the shared folder).</summary>
    public void Adopt(Attachment file)
    {
        if (files.TryAdd(file.Id, file))
        {
            Interlocked.Add(ref committedBytes, file.DiskBytes);
        }
    }

    public bool Delete(string id)
    {
        if (!files.TryRemove(id, out var file))
        {
            return false;
        }

        Interlocked.Add(ref committedBytes, -file.DiskBytes);
        TryDelete(PathOf(file));
        if (file.Preview is not null)
        {
            TryDelete(PreviewPathOf(file));
        }
        return true;
    }

    /// <summary>
    /// Deletes every file older than the retention; returns the ids of those this node took off the disk, so their
    /// messages can say so (once, by whichever node got there first).
    /// </summary>
    public IReadOnlyList<string> DeleteExpired()
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var takenOff = new List<string>();
        foreach (var file in files.Values.Where(f => f.StoredAt <= cutoff).ToList())
        {
            var onDisk = File.Exists(PathOf(file));
            if (Delete(file.Id) && onDisk)
            {
                takenOff.Add(file.Id);
            }
        }

        return takenOff;
    }

    /// <summary>
    /// Deletes files no message points at: on one node, at start, everything (finished or not); with several,
    /// whatever is older than the retention, at start and on every sweep.
    /// </summary>
    public int DeleteLeftovers()
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var deleted = 0;
        var cutoff = (time.GetUtcNow() - options.Value.Retention).UtcDateTime;
        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            // A preview ("{id}.preview") belongs to its file; a half-stripped upload ("upload-{id}.clean") to nobody.
            var id = Path.GetFileName(path).Split('.')[0];
            if (!files.ContainsKey(id) && (!cluster.Value.IsShared || File.GetLastWriteTimeUtc(path) <= cutoff) && TryDelete(path))
            {
                deleted++;
            }
        }

        return deleted;
    }

    private string PreviewPath(string id) => Path.Combine(Folder, id + ".preview");

    private bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException exception)
        {
            logger.LogWarning(exception, "Could not delete a stored file; the sweeper retries");
            return false;
        }
        catch (UnauthorizedAccessException exception)
        {
            logger.LogWarning(exception, "Could not delete a stored file; the sweeper retries");
            return false;
        }
    }
}
