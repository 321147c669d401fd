using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Core.Edge;

public static class EdgeServiceCollectionExtensions
{
    /// <summary>What both hosts put in front of the handlers: refusals, abuse limits, health (the robot checks of forms are the submission's: Submission/FormGuard).</summary>
    public static IServiceCollection AddEdgeServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AbuseOptions>().Bind(configuration.GetSection(AbuseOptions.Section));
        services.AddSingleton<EdgeGuard>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<AbuseLimiter>();
        services.AddSingleton<MailQuota>();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Procedures.ProcedureCatalog>((cors, catalog) => CorsPolicy.Configure(cors, configuration, catalog));
        services.AddSingleton<CorsEdge>();
        return services;
    }
}
