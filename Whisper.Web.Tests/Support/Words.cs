using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Whisper.Web.Tests.Support;

/// <summary>A resource set's localizer outside the app, for tests that build a service by hand (it reads the current culture).</summary>
public static class Words
{
    public static IStringLocalizer<T> Of<T>() =>
        new StringLocalizer<T>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
}
