using Whisper.Web.Identity;

namespace Whisper.Web.Tests.Identity;

public sealed class NameGeneratorTests
{
    [Fact]
    public void Name_space_holds_at_least_a_billion_names()
    {
        Assert.True(NameGenerator.SpaceSize >= 1_000_000_000, $"only {NameGenerator.SpaceSize} names");
    }

    [Fact]
    public void Word_lists_have_no_repeats_so_every_combination_is_distinct()
    {
        Assert.Equal(NameGenerator.Adjectives.Length, NameGenerator.Adjectives.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(NameGenerator.Animals.Length, NameGenerator.Animals.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Drawn_names_read_as_adjective_animal_and_number()
    {
        var generator = new NameGenerator();
        var names = Enumerable.Range(0, 200).Select(_ => generator.Draw()).ToList();

        Assert.All(names, name =>
        {
            Assert.True(NameGenerator.LooksLikeName(name), name);
            var parts = name.Split(' ');
            Assert.Contains(parts[0], NameGenerator.Adjectives);
            Assert.Contains(parts[1], NameGenerator.Animals);
            Assert.InRange(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), NameGenerator.NumberFloor, NameGenerator.NumberCeiling - 1);
        });
        Assert.True(names.Distinct().Count() > 190, "drawn names repeat far too often");
    }

    [Theory]
    [InlineData("Quiet Otter 48213", true)]
    [InlineData("Quiet Otter", false)]
    [InlineData("Quiet Otter 4x", false)]
    [InlineData("<script> Otter 1", false)]
    [InlineData("../../etc passwd 1", false)]
    public void Only_name_shaped_text_counts_as_a_name(string text, bool expected)
    {
        Assert.Equal(expected, NameGenerator.LooksLikeName(text));
    }
}
