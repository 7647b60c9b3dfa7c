using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Whisper.Web.Languages;

namespace Whisper.Web.Tests.Languages;

/// <summary>Durations from the options, said in each language from the real resources, in the largest whole unit.</summary>
public sealed class DurationsTests
{
    private static readonly IStringLocalizer Text =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Text));

    [Theory]
    [InlineData("en", 1440, "a day")]
    [InlineData("en", 4320, "3 days")]
    [InlineData("en", 2160, "36 hours")]
    [InlineData("en", 60, "an hour")]
    [InlineData("en", 10, "10 minutes")]
    [InlineData("de", 1440, "einen Tag")]
    [InlineData("ru", 10, "10 минут")]
    [InlineData("ru", 1440, "1 день")]
    [InlineData("ru", 180, "3 часа")]
    [InlineData("ar", 10, "10 دقائق")]
    [InlineData("ar", 120, "ساعتين")]
    [InlineData("ar", 15, "15 دقيقة")]
    [InlineData("ja", 10, "10分")]
    [InlineData("hi", 1440, "एक दिन")]
    public void A_duration_reads_as_the_language_says_it(string culture, int minutes, string expected) =>
        Assert.Equal(expected, PluralsTests.InCulture(culture, () => Text.Duration(TimeSpan.FromMinutes(minutes)).Value));

    [Theory]
    [InlineData("en", 45, "45 seconds")]
    [InlineData("en", 90, "90 seconds")]
    [InlineData("ru", 21, "21 секунду")]
    [InlineData("ja", 30, "30秒")]
    public void Less_than_whole_minutes_reads_in_seconds(string culture, int seconds, string expected) =>
        Assert.Equal(expected, PluralsTests.InCulture(culture, () => Text.Duration(TimeSpan.FromSeconds(seconds)).Value));
}
