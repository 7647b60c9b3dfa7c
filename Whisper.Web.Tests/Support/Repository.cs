namespace Whisper.Web.Tests.Support;

/// <summary>The checkout the tests run from: for files that are not copied to the test output.</summary>
public static class Repository
{
    /// <summary>The folder holding Whisper.sln.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Whisper.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new DirectoryNotFoundException("Whisper.sln not found above the test output.");
        }
    }
}
