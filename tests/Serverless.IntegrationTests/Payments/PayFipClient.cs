using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Core.Payments.PayFip;

namespace Serverless.IntegrationTests.Payments;

/// <summary>The PayFiP client as the app registers it (AddPayFip), pointed at the local PayFiP (or another service address).</summary>
internal static class PayFipClient
{
    public static ServiceProvider Services(Uri serviceUrl, TimeSpan timeout, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PayFip:ServiceUrl"] = serviceUrl.AbsoluteUri,
            ["PayFip:PaymentPageUrl"] = PayFipSimulator.PaymentPageUrl.AbsoluteUri,
            ["PayFip:Mode"] = "Test",
            ["PayFip:RequestTimeout"] = timeout.ToString(),
        }).Build();
        return new ServiceCollection()
            .AddLogging(logging =>
            {
                if (logs is not null)
                {
                    logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
                }
            })
            .AddPayFip(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>A payment of régie 990001 (known to the local PayFiP) on a debt reference of its own.</summary>
    public static PaymentRequest Request(Uri notificationUrl, Uri returnUrl, long amountInCents = 1500) => new(
        ClientNumber: "990001",
        Year: 2027,
        DebtReference: "IT" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant(),
        AmountInCents: amountInCents,
        PayerEmail: "claire.martin@example.org",
        Label: "Cantine — mars 2027 (école Jules-Ferry)",
        NotificationUrl: notificationUrl,
        ReturnUrl: returnUrl);
}
