using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Serverless.Core.Webhooks;

/// <summary>
/// The one HTTP client that delivers events. It resolves the host itself and connects to an address it checked
/// (<see cref="SocketsHttpHandler.ConnectCallback"/>), so a name that resolves differently between a check and the
/// connection (DNS rebinding) cannot slip through; redirects are not followed (a 3xx is a failed attempt, not a hop
/// to an unchecked address); no cookies, no proxy, no pooling across endpoints' identities beyond the handler's own.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    private readonly HttpClient client;
    private readonly bool allowLocal;

    public WebhookHttpClient(IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        allowLocal = options.Value.AllowLocalDestinations;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        // Each attempt has its own timeout (a linked cancellation); this one only stops a runaway.
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<HttpResponseMessage> PostAsync(Uri url, HttpContent content, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps && !(allowLocal && url.Scheme == Uri.UriSchemeHttp))
        {
            throw new RefusedDestinationException($"{url.Scheme}: only https destinations are allowed.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(address => allowLocal || DestinationGuard.Classify(address) is null).ToList();
        if (allowed.Count == 0)
        {
            var refused = string.Join(", ", addresses.Select(address => $"{address} ({DestinationGuard.Classify(address)})"));
            throw new RefusedDestinationException($"{host} resolves only to refused addresses: {(refused.Length == 0 ? "none" : refused)}.");
        }

        // Connect to the address that was checked, never to a fresh resolution of the name.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => client.Dispose();
}
