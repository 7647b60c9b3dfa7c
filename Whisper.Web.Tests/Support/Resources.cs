using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Whisper.Web.Tests.Support;

/// <summary>The real resource texts outside an app, for unit tests of code that says something (in the current culture).</summary>
public static class Resources
{
    private static readonly ResourceManagerStringLocalizerFactory Factory = new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    /// <summary>The texts of one area (<c>Text</c>, <c>RoomsText</c>, <c>AdminText</c>…), as the app's localizer reads them.</summary>
    public static IStringLocalizer<T> For<T>() => new StringLocalizer<T>(Factory);
}
