using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Serverless.Core.Procedures;

/// <summary>
/// Loads the catalogue when the host starts, so that an invalid definition stops the app with the loader's message
/// (file, JSON path, problem) instead of failing the first citizen who opens a form.
/// </summary>
public sealed partial class CatalogueStartupCheck(IServiceProvider services, ILogger<CatalogueStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var catalog = (ProcedureCatalog)services.GetService(typeof(ProcedureCatalog))!;
            LogLoaded(catalog.All.Count, catalog.Communes.Count);
        }
        catch (CatalogueException exception)
        {
            LogInvalid(exception.Message);
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalogue loaded: {ProcedureCount} procedures for {CommuneCount} communes")]
    private partial void LogLoaded(int procedureCount, int communeCount);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Problems}")]
    private partial void LogInvalid(string problems);
}
