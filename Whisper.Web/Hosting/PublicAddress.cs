using System.Net;
using System.Net.Sockets;

namespace Whisper.Web.Hosting;

/// <summary>Whether an address is on the public internet: push endpoints must be, and only such an address has a country.</summary>
public static class PublicAddress
{
    /// <summary>
    /// True only for addresses on the public internet. IPv4: everything but the special-purpose ranges (loopback,
    /// private, link-local, shared, documentation, benchmarking, multicast, reserved). IPv6: an allow-list, global
    /// unicast (2000::/3) minus the special-purpose registry's blocks; an IPv4 address carried inside an IPv6 one
    /// (mapped, compatible, SIIT, NAT64, 6to4) is judged as that IPv4 address.
    /// </summary>
    public static bool Is(IPAddress address)
    {
        if (EmbeddedIPv4(address) is { } inner)
        {
            address = inner;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 192 && b[1] == 88 && b[2] == 99)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();
        var first = (v6[0] << 8) | v6[1];
        var second = (v6[2] << 8) | v6[3];
        return (v6[0] & 0xe0) == 0x20                           // 2000::/3, global unicast
            && !(first == 0x2001 && second < 0x0200)            // 2001::/23, IETF protocol assignments (Teredo, benchmarking, ORCHID…)
            && !(first == 0x2001 && second == 0x0db8)           // 2001:db8::/32, documentation
            && !(first == 0x3fff && second < 0x1000)            // 3fff::/20, documentation
            && first != 0x2002;                                 // 6to4 whose IPv4 was not public (a public one was judged above)
    }

    /// <summary>The IPv4 address inside an IPv6 one that carries it (mapped, compatible, SIIT, NAT64, 6to4), or null.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var b = address.GetAddressBytes();
        bool Zero(int from, int to) => b.AsSpan(from, to - from).IndexOfAnyExcept((byte)0) < 0;
        var lastFour = new IPAddress(b.AsSpan(12, 4));
        if (Zero(0, 10) && b[10] == 0xff && b[11] == 0xff)
        {
            return lastFour;                                    // ::ffff:a.b.c.d, mapped
        }

        if (Zero(0, 12) && !Zero(12, 16) && !(Zero(12, 15) && b[15] == 1))
        {
            return lastFour;                                    // ::a.b.c.d, compatible (not :: or ::1)
        }

        if (Zero(0, 8) && b[8] == 0xff && b[9] == 0xff && Zero(10, 12))
        {
            return lastFour;                                    // ::ffff:0:a.b.c.d, SIIT
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && Zero(4, 12))
        {
            return lastFour;                                    // 64:ff9b::a.b.c.d, NAT64
        }

        return b[0] == 0x20 && b[1] == 0x02 && !(Zero(2, 6))
            ? new IPAddress(b.AsSpan(2, 4))                     // 2002:aabb:ccdd::/48, 6to4
            : null;
    }
}
