using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Core.FamilyQuotient;

public static class FamilyQuotientServiceCollectionExtensions
{
    /// <summary>
    /// The family quotient from API Particulier (<see cref="IFamilyQuotientSource"/>), its settings checked at start-up.
    /// </summary>
    /// <summary>The form's consent block and the fetch at a signed-in citizen's request (they need the catalogue and the sessions).</summary>
    public static IServiceCollection AddFamilyQuotientPrefill(this IServiceCollection services)
    {
        services.TryAddSingleton<FamilyQuotientConsent>();
        services.TryAddSingleton<FamilyQuotientPrefillHandler>();
        return services;
    }

    public static IServiceCollection AddFamilyQuotient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiParticulierOptions>().Bind(configuration.GetSection(ApiParticulierOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiParticulierOptions>, ApiParticulierOptionsValidator>());
        services.AddHttpClient(ApiParticulierClient.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<ApiParticulierOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect would be a hop the token was not meant for; cookies have no use here.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The request's address carries the identity (query string): the factory's request logs would write it.
            .RemoveAllLoggers();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFamilyQuotientSource, ApiParticulierClient>();
        return services;
    }
}
