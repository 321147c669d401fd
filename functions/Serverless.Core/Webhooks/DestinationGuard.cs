using System.Net;
using System.Net.Sockets;

namespace Serverless.Core.Webhooks;

/// <summary>Why an address may not receive a delivery (null: it may).</summary>
public enum RefusedAddress
{
    Loopback,
    Private,
    LinkLocal,
    SharedAddressSpace,
    Unspecified,
    Multicast,
    Reserved,
}

/// <summary>
/// The SSRF guard's address classes: a commune's endpoint must not make the app call itself, the platform's metadata
/// service (169.254.169.254), or anything in the virtual network. IPv4-mapped IPv6 addresses are judged as IPv4.
/// </summary>
public static class DestinationGuard
{
    public static RefusedAddress? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes switch
            {
                [0, ..] => RefusedAddress.Unspecified, // 0.0.0.0/8: "this network"
                [127, ..] => RefusedAddress.Loopback,
                [10, ..] => RefusedAddress.Private,
                [172, >= 16 and <= 31, ..] => RefusedAddress.Private,
                [192, 168, ..] => RefusedAddress.Private,
                [169, 254, ..] => RefusedAddress.LinkLocal,
                [100, >= 64 and <= 127, ..] => RefusedAddress.SharedAddressSpace, // RFC 6598 carrier-grade NAT
                [192, 0, 0, _] => RefusedAddress.Reserved, // IETF protocol assignments
                [198, 18 or 19, ..] => RefusedAddress.Reserved, // benchmarking
                [>= 224 and <= 239, ..] => RefusedAddress.Multicast,
                [>= 240, ..] => RefusedAddress.Reserved, // includes 255.255.255.255
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (address.Equals(IPAddress.IPv6Any))
            {
                return RefusedAddress.Unspecified;
            }

            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return RefusedAddress.Loopback;
            }

            return bytes switch
            {
                [>= 0xfc and <= 0xfd, ..] => RefusedAddress.Private, // fc00::/7 unique local
                [0xfe, >= 0x80 and <= 0xbf, ..] => RefusedAddress.LinkLocal, // fe80::/10
                [0xfe, >= 0xc0, ..] => RefusedAddress.Private, // fec0::/10 site-local (deprecated)
                [0xff, ..] => RefusedAddress.Multicast,
                // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) embed an IPv4 address: judge that one.
                [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..] => Classify(new IPAddress(bytes[12..])),
                [0x20, 0x02, ..] => Classify(new IPAddress(bytes[2..6])),
                _ => null,
            };
        }

        return RefusedAddress.Reserved;
    }
}

/// <summary>A delivery refused before any connection: its destination resolved only to addresses the guard refuses.</summary>
public sealed class RefusedDestinationException(string message) : Exception(message);
