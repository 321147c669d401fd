using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Applications;
using Serverless.Core.Review;

namespace Serverless.Core.BackOffice;

public static class BackOfficeServiceCollectionExtensions
{
    /// <summary>The agents' back office: sign-in, sessions, the index that follows every status change, the pages.</summary>
    public static IServiceCollection AddBackOffice(this IServiceCollection services)
    {
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<LinkHolders>();
        services.AddSingleton<AppServiceAuthentication>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BackOfficeOptions>, BackOfficeOptionsValidator>();
        services.AddOptions<BackOfficeOptions>().ValidateOnStart();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<AgentSessions>();
        services.AddSingleton<AntiForgery>();
        services.AddSingleton<AgentAuthentication>();
        services.AddSingleton<SignInLimiter>();
        services.AddSingleton<ApplicationIndex>();
        services.AddSingleton<IStatusChangeObserver, IndexStatusObserver>();
        services.AddSingleton<IndexRebuilder>();
        services.AddSingleton<ApplicationList>();
        services.AddSingleton<AgentNotes>();
        services.AddSingleton<SignInHandler>();
        services.AddSingleton<ApplicationListHandler>();
        services.AddSingleton<AgentApplications>();
        services.AddSingleton<ApplicationPageView>();
        services.AddSingleton<ApplicationPageHandler>();
        services.AddSingleton<AgentDecisionHandler>();
        services.AddSingleton<AssignmentHandler>();
        services.AddSingleton<AgentNotesHandler>();
        services.AddSingleton<ListExport>();
        services.AddSingleton<ExportHandler>();
        services.AddSingleton<BulkDecisionHandler>();
        services.AddSingleton<WebhooksPageHandler>();
        services.AddSingleton<UsagePageHandler>();
        return services;
    }
}
