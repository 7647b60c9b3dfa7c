namespace Whisper.Web.Hosting;

/// <summary>Section <c>Whisper:Site</c>: how this installation presents itself.</summary>
public sealed class SiteOptions
{
    public const string Section = "Whisper:Site";

    /// <summary>Shown in titles and the header.</summary>
    public string Name { get; set; } = "Whisper";

    /// <summary>How people reach the operator (an address, a web page, a handle); shown on the legal pages.</summary>
    public string Contact { get; set; } = "the operator of this server";
}
