using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Core.Payments.PayFip;

public static class PayFipServiceCollectionExtensions
{
    /// <summary>
    /// PayFiP's client: settings from section <c>PayFip</c> (checked at start-up when set), the gateway, the payment page
    /// address. With no PayFip:ServiceUrl the app starts and payment is off: a call then fails with a message that says so.
    /// </summary>
    public static IServiceCollection AddPayFip(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PayFipOptions>().Bind(configuration.GetSection(PayFipOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PayFipOptions>, PayFipOptionsValidator>());
        services.TryAddSingleton<PayFipChannels>();
        services.TryAddSingleton<IPayFipGateway, PayFipGateway>();
        services.TryAddSingleton<PaymentPageAddress>();
        return services;
    }
}
