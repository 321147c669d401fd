using System.ServiceModel;
using Microsoft.Extensions.Options;
using Serverless.Core.Payments.PayFip.Wire;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// The WCF plumbing to PayFiP's service: one <see cref="ChannelFactory{TChannel}"/> for the process (it is thread-safe
/// and costly to build), a channel per call, closed after it (aborted after a failure, as WCF asks). BasicHttpBinding is
/// PayFiP's SOAP 1.1 over HTTP; TLS when the address is https, which the options require except on a loopback host.
/// Every timeout is the options' RequestTimeout, and answers are capped: a detail is a few hundred bytes.
/// </summary>
public sealed class PayFipChannels : IDisposable
{
    private const int LargestAnswer = 64 * 1024;
    private readonly Lazy<ChannelFactory<IPaiementSecuriseService>> factory;

    public PayFipChannels(IOptions<PayFipOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        factory = new Lazy<ChannelFactory<IPaiementSecuriseService>>(() => Build(settings));
    }

    /// <summary>Calls PayFiP on a fresh channel and closes it.</summary>
    public async Task<T> Call<T>(Func<IPaiementSecuriseService, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var service = factory.Value.CreateChannel();
        var channel = (IClientChannel)service;
        try
        {
            var answer = await call(service);
            await Task.Factory.FromAsync(channel.BeginClose, channel.EndClose, null);
            return answer;
        }
        catch
        {
            channel.Abort();
            throw;
        }
    }

    public void Dispose()
    {
        if (factory.IsValueCreated)
        {
            factory.Value.Abort();
        }
    }

    private static ChannelFactory<IPaiementSecuriseService> Build(PayFipOptions settings)
    {
        if (!settings.Enabled)
        {
            throw new InvalidOperationException("PayFiP is not configured (PayFip:ServiceUrl).");
        }

        var address = new Uri(settings.ServiceUrl);
        var binding = new BasicHttpBinding(address.Scheme == Uri.UriSchemeHttps ? BasicHttpSecurityMode.Transport : BasicHttpSecurityMode.None)
        {
            OpenTimeout = settings.RequestTimeout,
            SendTimeout = settings.RequestTimeout,
            ReceiveTimeout = settings.RequestTimeout,
            CloseTimeout = settings.RequestTimeout,
            MaxReceivedMessageSize = LargestAnswer,
            MaxBufferSize = LargestAnswer,
        };
        return new ChannelFactory<IPaiementSecuriseService>(binding, new EndpointAddress(address));
    }
}
