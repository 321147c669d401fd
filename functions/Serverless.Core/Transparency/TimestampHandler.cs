using System.Globalization;
using System.Security.Cryptography.Pkcs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Transparency;

/// <summary>One archived RFC 3161 timestamp: the checkpoint it covers (its exact text) and where to fetch the token.</summary>
public sealed record TimestampView(long Size, string Day, DateTimeOffset? Time, string Checkpoint, string TokenUrl);

/// <summary>
/// The daily RFC 3161 timestamps of a commune's checkpoints, public: <c>GET …/timestamps</c> lists them with the
/// checkpoint each one covers, <c>GET …/timestamps/{size}</c> returns the token itself (DER, a CMS SignedData
/// TimeStampToken, as <c>openssl ts -verify -token_in</c> reads it). Both come from the write-once archive.
/// </summary>
public sealed class TimestampHandler(StorageClients storage, ProcedureCatalog catalog, IOptions<PublicUrlOptions> urls)
{
    public const string TokenContentType = "application/timestamp-token";

    public async Task<IActionResult> ListAsync(HttpRequest request, string communeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (catalog.FindCommune(communeId) is null)
        {
            return NotFound(request, new Text("Aucune commune ne porte cet identifiant.", "No commune has this identifier."));
        }

        var archive = storage.Container(StorageNames.AuditArchiveContainer);
        var timestamps = new List<TimestampView>();
        await foreach (var blob in archive.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{communeId}/timestamps/", cancellationToken))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(blob.Name), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                continue;
            }

            var token = (await archive.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            var note = await archive.GetBlobClient(Checkpointer.ArchiveBlobName(communeId, size)).ExistsAsync(cancellationToken)
                ? (await archive.GetBlobClient(Checkpointer.ArchiveBlobName(communeId, size)).DownloadContentAsync(cancellationToken)).Value.Content.ToString()
                : string.Empty;
            // The time as the token states it; a token that does not decode is still listed (the verifier says what is wrong).
            var time = Rfc3161TimestampToken.TryDecode(token, out var decoded, out _) ? decoded!.TokenInfo.Timestamp : (DateTimeOffset?)null;
            timestamps.Add(new TimestampView(
                size,
                (time ?? blob.Properties.CreatedOn ?? DateTimeOffset.MinValue).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                time,
                note,
                urls.Value.Api(Routes.TimestampPath(communeId, size))));
        }

        return Results.JsonBody(200, new { commune = communeId, timestamps = timestamps.OrderBy(view => view.Size) });
    }

    public async Task<IActionResult> TokenAsync(HttpRequest request, string communeId, string size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (catalog.FindCommune(communeId) is null || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return NotFound(request, new Text("Aucun horodatage à cette adresse.", "No timestamp at this address."));
        }

        var blob = storage.Container(StorageNames.AuditArchiveContainer).GetBlobClient(CheckpointTimestamper.ArchiveBlobName(communeId, value));
        if (!await blob.ExistsAsync(cancellationToken))
        {
            return NotFound(request, new Text("Aucun horodatage pour un point de contrôle de cette taille.", "No timestamp for a checkpoint of this size."));
        }

        var token = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        return new BytesResult(TokenContentType, token, $"{communeId}-{value:D12}.tst").WithHeader("Cache-Control", "public, max-age=86400");
    }

    private static WrittenResult NotFound(HttpRequest request, Text detail) =>
        Problems.Simple(404, "not-found", new Text("Introuvable", "Not found"), detail, LanguageNegotiation.FromRequest(request), request.Path);
}
