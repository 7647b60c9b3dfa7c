using System.Security.Cryptography;

namespace Whisper.Web.Identity;

/// <summary>Draws readable names such as "Quiet Otter 48213" from a space of over a billion.</summary>
public class NameGenerator
{
    public const int NumberFloor = 10_000;
    public const int NumberCeiling = 100_000;

    internal static readonly string[] Adjectives =
    [
        "Amber", "Ancient", "Autumn", "Azure", "Bold", "Brave", "Breezy", "Bright", "Brisk", "Calm",
        "Candid", "Careful", "Cheerful", "Clever", "Cloudy", "Coastal", "Cosmic", "Cozy", "Crimson", "Crisp",
        "Curious", "Dapper", "Daring", "Dawn", "Deep", "Dreamy", "Dusky", "Eager", "Early", "Earnest",
        "Electric", "Emerald", "Even", "Fabled", "Fair", "Fearless", "Festive", "Fleet", "Floral", "Fluent",
        "Frosty", "Gentle", "Gilded", "Glad", "Glowing", "Golden", "Graceful", "Grand", "Green", "Happy",
        "Hardy", "Hazy", "Hidden", "Honest", "Hopeful", "Humble", "Icy", "Indigo", "Jade", "Jolly",
        "Jovial", "Keen", "Kind", "Lively", "Lucky", "Lunar", "Magic", "Mellow", "Merry", "Mighty",
        "Misty", "Modest", "Mossy", "Nimble", "Noble", "Northern", "Oaken", "Olive", "Patient", "Peaceful",
        "Pearl", "Placid", "Playful", "Polar", "Polite", "Proud", "Quick", "Quiet", "Radiant", "Rapid",
        "Rosy", "Royal", "Rustic", "Sandy", "Scarlet", "Serene", "Shady", "Silent", "Silver", "Sleepy",
        "Smooth", "Snowy", "Solar", "Sparkling", "Spry", "Stellar", "Steady", "Stormy", "Sunny", "Swift",
        "Tidy", "Tranquil", "True", "Twilight", "Velvet", "Vivid", "Warm", "Wandering", "Whimsical", "Wild",
        "Windy", "Wise", "Witty", "Wooden", "Young", "Zesty", "Zealous", "Lofty",
    ];

    internal static readonly string[] Animals =
    [
        "Albatross", "Alpaca", "Antelope", "Armadillo", "Badger", "Bat", "Bear", "Beaver", "Bison", "Bobcat",
        "Buffalo", "Butterfly", "Camel", "Canary", "Caribou", "Cheetah", "Chipmunk", "Cobra", "Condor", "Cougar",
        "Coyote", "Crane", "Cricket", "Crow", "Deer", "Dingo", "Dolphin", "Dove", "Dragonfly", "Duck",
        "Eagle", "Egret", "Elk", "Falcon", "Ferret", "Finch", "Firefly", "Flamingo", "Fox", "Frog",
        "Gazelle", "Gecko", "Giraffe", "Goose", "Gopher", "Gorilla", "Hare", "Hawk", "Hedgehog", "Heron",
        "Hippo", "Hummingbird", "Ibis", "Iguana", "Jackal", "Jaguar", "Jay", "Kestrel", "Kingfisher", "Koala",
        "Lark", "Lemur", "Leopard", "Lion", "Llama", "Lobster", "Lynx", "Magpie", "Manatee", "Marmot",
        "Marten", "Meerkat", "Mink", "Mole", "Moose", "Moth", "Narwhal", "Newt", "Ocelot", "Octopus",
        "Orca", "Osprey", "Otter", "Owl", "Panda", "Panther", "Parrot", "Pelican", "Penguin", "Pheasant",
        "Puffin", "Puma", "Quail", "Rabbit", "Raccoon", "Raven", "Robin", "Salmon", "Seal", "Shark",
        "Sparrow", "Squirrel", "Stork", "Swallow", "Swan", "Tapir", "Tiger", "Toucan", "Turtle", "Walrus",
        "Weasel", "Whale", "Wolf", "Wombat", "Wren", "Yak", "Zebra",
    ];

    public static long SpaceSize => (long)Adjectives.Length * Animals.Length * (NumberCeiling - NumberFloor);

    /// <summary>A fresh candidate; uniqueness is the store's job, which retries on conflict.</summary>
    public virtual string Draw() =>
        $"{Pick(Adjectives)} {Pick(Animals)} {RandomNumberGenerator.GetInt32(NumberFloor, NumberCeiling)}";

    /// <summary>True when the text has the shape of a generated name (avatars are drawn only for those).</summary>
    public static bool LooksLikeName(string text)
    {
        var parts = text.Split(' ');
        return parts.Length == 3
            && parts[0].Length is > 0 and <= 20 && parts[0].All(char.IsAsciiLetter)
            && parts[1].Length is > 0 and <= 20 && parts[1].All(char.IsAsciiLetter)
            && parts[2].Length is > 0 and <= 9 && parts[2].All(char.IsAsciiDigit);
    }

    private static string Pick(string[] words) => words[RandomNumberGenerator.GetInt32(words.Length)];
}
