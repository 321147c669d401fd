using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Payments;

public static class PaymentServiceCollectionExtensions
{
    /// <summary>Online payment of a procedure's price (docs/PAYMENTS.md): PayFiP's client, the ledger, the workflow's steps and the pages.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPayFip(configuration);
        services.AddSingleton<PaymentLedger>();
        services.AddSingleton<PaymentRecorder>();
        services.AddSingleton<PaymentReceipts>();
        services.AddSingleton<RequestPaymentActivity>();
        services.AddSingleton<SettlePaymentActivity>();
        services.AddSingleton<AbandonUnpaidActivity>();
        services.AddSingleton<PaymentHandler>();
        services.AddSingleton<PaymentNotificationHandler>();
        services.AddOptions<PaymentSweepOptions>().Bind(configuration.GetSection(PaymentSweepOptions.Section));
        services.AddSingleton<PaymentSweeper>();
        return services;
    }
}
