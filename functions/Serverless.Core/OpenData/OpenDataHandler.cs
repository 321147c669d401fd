using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;

namespace Serverless.Core.OpenData;

/// <summary>
/// The public open-data endpoints: the Table Schema, and each commune's statistics as last published by
/// <see cref="NightlyStatistics"/> (CSV, JSON, and a page with charts). They read the published files, so the API,
/// the public container and the page always show the same figures. No personal data: aggregates with secrecy applied.
/// </summary>
public sealed class OpenDataHandler(ProcedureCatalog catalog, StorageClients storage)
{
    public static IActionResult Schema() =>
        Open(new TextBodyResult(StatusCodes.Status200OK, "application/json; charset=utf-8", OpenDataSchema.Json));

    public Task<IActionResult> CsvAsync(HttpRequest request, string communeId, CancellationToken cancellationToken) =>
        FileAsync(request, communeId, NightlyStatistics.CsvBlob(communeId), "text/csv; charset=utf-8", cancellationToken);

    public Task<IActionResult> JsonAsync(HttpRequest request, string communeId, CancellationToken cancellationToken) =>
        FileAsync(request, communeId, NightlyStatistics.JsonBlob(communeId), "application/json; charset=utf-8", cancellationToken);

    public async Task<IActionResult> PageAsync(HttpRequest request, string communeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (catalog.FindCommune(communeId) is not { } commune)
        {
            return NotFound(request, language);
        }

        var json = await ReadAsync(NightlyStatistics.JsonBlob(commune.Id), cancellationToken);
        var published = json is null ? null : StatisticsFormats.FromJson(json);
        return PageResults.Page(StatusCodes.Status200OK, OpenDataPage.Render(commune, published, language));
    }

    private async Task<IActionResult> FileAsync(HttpRequest request, string communeId, string blob, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (catalog.FindCommune(communeId) is null)
        {
            return NotFound(request, language);
        }

        return await ReadAsync(blob, cancellationToken) is { } content
            ? Open(new TextBodyResult(StatusCodes.Status200OK, contentType, content))
            : Problems.Simple(404, "not-yet-published", new("Pas encore publié", "Not yet published"), new("Les statistiques de cette commune sont publiées chaque nuit : revenez demain.", "This commune's statistics are published every night: come back tomorrow."), language, request.Path.Value ?? string.Empty);
    }

    private async Task<string?> ReadAsync(string blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await storage.Container(StorageNames.OpenDataContainer).GetBlobClient(blob).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    private static WrittenResult NotFound(HttpRequest request, Language language) =>
        Problems.Simple(404, "unknown-commune", new("Commune inconnue", "Unknown commune"), new("Aucune commune de ce service ne porte cet identifiant.", "No commune of this service has this identifier."), language, request.Path.Value ?? string.Empty);

    /// <summary>Open data: any site may read it from a browser.</summary>
    private static WrittenResult Open(WrittenResult result) => result.WithHeader("Access-Control-Allow-Origin", "*").WithHeader("X-Content-Type-Options", "nosniff");
}
