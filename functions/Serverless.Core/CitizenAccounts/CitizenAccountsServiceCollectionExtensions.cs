using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Core.CitizenAccounts;

public static class CitizenAccountsServiceCollectionExtensions
{
    /// <summary>Citizens' sign-in with FranceConnect, their sessions and their pages.</summary>
    public static IServiceCollection AddCitizenAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FranceConnectOptions>().Bind(configuration.GetSection(FranceConnectOptions.Section));
        services.AddHttpClient(nameof(FranceConnectClient), client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<FranceConnectClient>();
        services.AddSingleton<CitizenSignIns>();
        services.AddSingleton<CitizenSessions>();
        services.AddSingleton<CitizenSignInHandler>();
        services.AddSingleton<CitizenHomeHandler>();
        services.AddSingleton<CitizenFormIdentity>();
        services.AddSingleton<CitizenApplications>();
        services.AddSingleton<MyApplicationsView>();
        return services;
    }
}
