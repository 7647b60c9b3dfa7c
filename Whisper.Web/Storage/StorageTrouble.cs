using Microsoft.Data.Sqlite;

namespace Whisper.Web.Storage;

/// <summary>
/// Telling a full or read-only disk from other failures, so the person is told the server's storage is the
/// problem (507, not "cut off" or 500), the operator's log names the folder and its free space, and a start on
/// such a folder ends with one clear line instead of a crash.
/// </summary>
public static class StorageTrouble
{
    // The codes differ by system (on Linux 39 and 112 mean other things): no space and quota exceeded count as full.
    private static readonly int[] FullCodes =
        OperatingSystem.IsWindows() ? [112, 39] // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
        : OperatingSystem.IsMacOS() ? [28, 69]  // ENOSPC, EDQUOT
        : [28, 122];                            // ENOSPC, EDQUOT

    private static readonly int ReadOnlyCode = OperatingSystem.IsWindows() ? 19 : 30; // ERROR_WRITE_PROTECT, EROFS

    /// <summary>Whether the exception, or one inside it, says the disk is full or cannot be written.</summary>
    public static bool Is(Exception? exception) => Kind(exception) is not null;

    /// <summary>"full" or "read-only" (or "failing" for SQLite's disk I/O error), or null when the disk is not the problem.</summary>
    public static string? Kind(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 13 }:
                    return "full";
                case SqliteException { SqliteErrorCode: 8 }:
                    return "read-only";
                case SqliteException { SqliteErrorCode: 10 or 14 }:
                    return "failing";
                case IOException io when FullCodes.Contains(io.HResult & 0xFFFF):
                    return "full";
                case IOException io when (io.HResult & 0xFFFF) == ReadOnlyCode:
                    return "read-only";
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Is):
                    return aggregate.InnerExceptions.Select(Kind).First(k => k is not null);
            }
        }

        return null;
    }

    /// <summary>One line for the operator: which folder, what is wrong with it, and the space left on its disk.</summary>
    public static string Describe(string folder, Exception? exception)
    {
        var kind = Kind(exception) ?? "failing";
        var free = FreeSpace(folder);
        var reason = kind switch
        {
            "read-only" => "is read-only",
            "full" => "is full",
            _ => free is 0 ? "is full" : "cannot be written (read-only, or the disk is failing)",
        };
        return $"the data folder {folder} {reason}" + (free is { } bytes ? $" ({bytes / (1024 * 1024)} MB free)" : "");
    }

    private static long? FreeSpace(string folder)
    {
        try
        {
            // The folder may not exist yet (a start that could not create it): its nearest existing parent's disk.
            var existing = new DirectoryInfo(Path.GetFullPath(folder));
            while (!existing.Exists && existing.Parent is { } parent)
            {
                existing = parent;
            }

            return new DriveInfo(existing.FullName).AvailableFreeSpace;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
