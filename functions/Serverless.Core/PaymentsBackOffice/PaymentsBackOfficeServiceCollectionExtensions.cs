using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Core.PaymentsBackOffice;

public static class PaymentsBackOfficeServiceCollectionExtensions
{
    /// <summary>The régies' payments in the back office: a day's list and the accountant's export.</summary>
    public static IServiceCollection AddPaymentsBackOffice(this IServiceCollection services)
    {
        services.AddSingleton<PaymentsPageHandler>();
        return services;
    }
}
