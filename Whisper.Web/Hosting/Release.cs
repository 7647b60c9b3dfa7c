namespace Whisper.Web.Hosting;

/// <summary>How a published release finds what it ships.</summary>
public static class Release
{
    /// <summary>
    /// The single file unpacks wwwroot, the static-assets manifest and appsettings.json beside its assemblies, not
    /// into the working directory (which holds ./data and nothing else), so that is its content root. Null in every
    /// other build keeps the framework's choice: the working directory, or the test host's.
    /// </summary>
    public static string? ContentRoot =>
#if SINGLE_FILE
        AppContext.BaseDirectory;
#else
        null;
#endif
}
