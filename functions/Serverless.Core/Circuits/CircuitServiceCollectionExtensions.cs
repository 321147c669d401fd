using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Core.Circuits;

public static class CircuitServiceCollectionExtensions
{
    /// <summary>The signature circuit's pieces (issue 26); the PDF signature engine is registered by <c>AddSignatures</c>.</summary>
    public static IServiceCollection AddSignatureCircuits(this IServiceCollection services)
    {
        services.AddSingleton<DecisionDrafts>();
        services.AddSingleton<DecisionDocuments>();
        services.AddSingleton<CircuitSigners>();
        services.AddSingleton<CircuitTokens>();
        services.AddSingleton<CircuitMessages>();
        services.AddSingleton<CircuitRequests>();
        services.AddSingleton<CircuitLinks>();
        services.AddSingleton<ISecondFactorSender, EmailSecondFactor>();
        services.AddSingleton<SignatureCodes>();
        services.AddSingleton<CircuitHandler>();
        services.AddSingleton<SignedDecisionDownloadHandler>();
        services.AddSingleton<StartCircuitActivity>();
        services.AddSingleton<RequestCircuitStepActivity>();
        services.AddSingleton<ApplyCircuitActionActivity>();
        return services;
    }
}
