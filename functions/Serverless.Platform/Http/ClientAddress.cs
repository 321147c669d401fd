using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Serverless.Platform.Http;

/// <summary>
/// The address a request came from, for the abuse limits. In Azure the platform's front end connects to the app and
/// appends the client's address to <c>X-Forwarded-For</c>: only that last entry is trusted (entries before it are what
/// the client sent). Elsewhere the header is ignored: anyone can send it. An IPv6 address counts as its /64: one
/// subscriber line gets a whole /64 and can pick a new address in it for every request.
/// </summary>
public static class ClientAddress
{
    public const string ForwardedHeader = "X-Forwarded-For";

    public static string Of(HttpContext context, bool behindPlatformProxy)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (behindPlatformProxy)
        {
            var header = context.Request.Headers[ForwardedHeader].ToString();
            var last = header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return last is null ? "unknown" : LimitKey(WithoutPort(last));
        }

        return context.Connection.RemoteIpAddress is { } remote ? LimitKey(remote) : "unknown";
    }

    /// <summary>"2001:db8:1:2:a:b:c:d" → "2001:db8:1:2::/64"; IPv4 (mapped or not) as it is; anything else as sent.</summary>
    public static string LimitKey(string address) =>
        IPAddress.TryParse(address, out var parsed) ? LimitKey(parsed) : address;

    private static string LimitKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>"203.0.113.7:51234" → "203.0.113.7"; "[2001:db8::1]:443" → "2001:db8::1".</summary>
    public static string WithoutPort(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? address[1..close] : address;
        }

        return address.Count(character => character == ':') == 1 ? address[..address.IndexOf(':', StringComparison.Ordinal)] : address;
    }
}
