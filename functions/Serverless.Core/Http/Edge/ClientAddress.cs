using Microsoft.AspNetCore.Http;

namespace Serverless.Core.Http.Edge;

/// <summary>
/// The address a request came from, for the abuse limits. In Azure the platform's front end connects to the app and
/// appends the client's address to <c>X-Forwarded-For</c>: only that last entry is trusted (entries before it are what
/// the client sent). Elsewhere the header is ignored: anyone can send it.
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
            return last is null ? "unknown" : WithoutPort(last);
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
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
