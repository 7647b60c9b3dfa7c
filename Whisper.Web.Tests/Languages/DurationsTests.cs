using Microsoft.Extensions.Localization;
using Whisper.Web.Languages;
using Whisper.Web.Tests.Support;

namespace Whisper.Web.Tests.Languages;

/// <summary>
/// Lengths of time said in each language from the real resources: a setting in the largest whole unit, a wait rounded
/// up so it is never too soon.
/// </summary>
public sealed class DurationsTests
{
    private static readonly IStringLocalizer<Text> Text = Resources.For<Text>();

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

    [Theory]
    [InlineData("en", 0.4, "a second")]
    [InlineData("en", 1, "a second")]
    [InlineData("en", 59, "59 seconds")]
    [InlineData("en", 89, "89 seconds")]
    [InlineData("en", 89.2, "90 seconds")]
    [InlineData("en", 90, "2 minutes")]
    [InlineData("en", 91, "2 minutes")]
    [InlineData("en", 59 * 60, "59 minutes")]
    [InlineData("en", 59 * 60 + 1, "an hour")]
    [InlineData("en", 60 * 60, "an hour")]
    [InlineData("en", 60 * 60 + 1, "61 minutes")]
    [InlineData("en", 89 * 60, "89 minutes")]
    [InlineData("en", 90 * 60, "2 hours")]
    [InlineData("en", 36 * 3600, "36 hours")]
    [InlineData("en", 2 * 86400, "2 days")]
    [InlineData("en", 2 * 86400 + 1, "3 days")]
    [InlineData("ru", 1, "1 секунду")]
    [InlineData("ru", 59, "59 секунд")]
    [InlineData("ru", 89, "89 секунд")]
    [InlineData("ru", 90, "2 минуты")]
    [InlineData("ru", 21 * 60, "21 минуту")]
    [InlineData("ru", 89 * 60, "89 минут")]
    [InlineData("ru", 36 * 3600, "36 часов")]
    [InlineData("ru", 2 * 86400, "2 дня")]
    [InlineData("ru", 5 * 86400, "5 дней")]
    [InlineData("ar", 1, "ثانية واحدة")]
    [InlineData("ar", 59, "59 ثانية")]
    [InlineData("ar", 89, "89 ثانية")]
    [InlineData("ar", 90, "دقيقتين")]
    [InlineData("ar", 89 * 60, "89 دقيقة")]
    [InlineData("ar", 36 * 3600, "36 ساعة")]
    [InlineData("ar", 2 * 86400, "يومين")]
    [InlineData("ar", 3 * 86400, "3 أيام")]
    public void A_wait_is_rounded_up_to_the_unit_that_reads_best(string culture, double seconds, string expected) =>
        Assert.Equal(expected, PluralsTests.InCulture(culture, () => Text.Duration(TimeSpan.FromSeconds(seconds), DurationStyle.WaitRoundedUp).Value));

    /// <summary>Whatever the wait, the time it names is never before the wait ends: "in 2 minutes" is never too soon.</summary>
    [Fact]
    public void A_wait_never_names_less_time_than_is_left()
    {
        for (var seconds = 0.5; seconds < 5 * 86400; seconds = seconds * 1.07 + 0.3)
        {
            var wait = TimeSpan.FromSeconds(seconds);
            var said = PluralsTests.InCulture("en", () => Text.Duration(wait, DurationStyle.WaitRoundedUp).Value).Split(' ');
            var count = said[0] is "a" or "an" ? 1 : int.Parse(said[0], System.Globalization.CultureInfo.InvariantCulture);
            var unit = said[1].TrimEnd('s') switch { "second" => TimeSpan.FromSeconds(1), "minute" => TimeSpan.FromMinutes(1), "hour" => TimeSpan.FromHours(1), _ => TimeSpan.FromDays(1) };
            Assert.True(count * unit >= wait, $"{wait} was said as \"{string.Join(' ', said)}\"");
        }
    }
}
