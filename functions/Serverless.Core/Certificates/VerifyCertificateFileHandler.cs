using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Certificates;

/// <summary>
/// <c>POST /api/verify</c> with a PDF (multipart field <c>file</c>, or the raw <c>application/pdf</c> body): are these
/// exact bytes a certificate this service issued? The SHA-256 of the upload is looked up in the hash index and
/// confirmed against the registry; the file itself is never stored. Junk gets a clear answer, never an error.
/// </summary>
public sealed partial class VerifyCertificateFileHandler(
    CertificateHashIndex hashes,
    CertificateRegistry registry,
    CertificateVerification verification,
    IDocumentSignatures signatures,
    ILogger<VerifyCertificateFileHandler> logger)
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    public const string FileField = "file";

    /// <summary>Multipart headers and boundaries around a file of the maximum size.</summary>
    private const int MultipartOverhead = 64 * 1024;

    /// <summary>Past this, the rest of a too-large body is not even read.</summary>
    private const long DrainLimit = 64L * 1024 * 1024;

    private enum Refusal
    {
        None,
        Unsupported,
        MissingFile,
        Empty,
        TooLarge,
        NotPdf,
    }

    public async Task<IActionResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var (content, refusal) = await ReadAsync(request, cancellationToken);
        if (refusal == Refusal.None && !FileType.Pdf.Matches(content))
        {
            refusal = Refusal.NotPdf;
        }

        if (refusal != Refusal.None)
        {
            LogRefused(refusal);
            return Refused(request, refusal, language);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var number = await hashes.FindNumberAsync(sha256, cancellationToken);
        var certificate = number is null ? null : await registry.FindAsync(number, cancellationToken);
        if (certificate is not null && !string.Equals(certificate.Sha256, sha256, StringComparison.Ordinal))
        {
            // An index entry left by an issue that was retried: those bytes were never the registered certificate.
            certificate = null;
        }

        var genuine = certificate is not null;
        var view = certificate is null ? null : verification.View(certificate.Number, certificate, language);
        var read = signatures.Read(content);
        var signers = read ?? [];
        var signedIntact = signers.Count > 0 && signers.All(signer => signer.Valid) && signers[^1].CoversWholeDocument;
        var message = !genuine && signedIntact
            ? new Text(
                "Ce fichier n'est pas une attestation délivrée par ce service, mais toutes ses signatures électroniques sont valides et il n'a pas été modifié depuis la dernière : vérifiez dans la liste ci-dessous que chaque signataire est celui attendu.",
                "This file is not a certificate issued by this service, but all its electronic signatures are valid and it was not changed after the last one: check in the list below that each signer is the one expected.")
            : !genuine
            ? new Text(
                "Ce fichier n'est pas une attestation authentique : aucune attestation délivrée par ce service n'a exactement ce contenu. Il a pu être modifié, ou n'a pas été délivré ici.",
                "This file is not a genuine certificate: no certificate issued by this service has exactly this content. It may have been altered, or was not issued here.")
            : certificate!.IsRevoked
                ? new Text("Ce fichier est authentique, mais l'attestation a été révoquée : elle n'est plus valable.", "This file is genuine, but the certificate was revoked: it is no longer valid.")
                : new Text("Ce fichier est une attestation authentique, délivrée par ce service et non révoquée.", "This file is a genuine certificate, issued by this service and not revoked.");
        LogChecked(genuine, view?.Status ?? CertificateVerification.Unknown);
        if (!Results.WantsHtml(request))
        {
            return Results.JsonBody(200, new { genuine, sha256, size = content.Length, message = message.In(language), certificate = view, signatures = read });
        }

        var body = $"<p class=\"{(genuine && !certificate!.IsRevoked ? "ok" : "error")}\" role=\"status\"><strong>{Html.E(genuine ? new Text("Fichier authentique", "Genuine file").In(language) : new Text("Fichier non authentique", "Not a genuine file").In(language))}</strong> – {Html.E(message.In(language))}</p>"
            + (view is null ? string.Empty : CertificateVerification.Html(view, language))
            + SignersHtml(signers, language)
            + (read is null ? $"<p class=\"notice\">{Html.E(new Text("Les signatures de ce fichier ne peuvent pas être lues : sa structure est endommagée.", "The signatures of this file cannot be read: its structure is damaged.").In(language))}</p>" : string.Empty)
            + $"<p class=\"help\">SHA-256 : <code>{Html.E(sha256)}</code></p>"
            + CertificateVerification.UploadForm(language);
        return PageResults.Page(200, CertificateVerification.Page(new Text("Vérification d'un fichier", "File verification"), body, language));
    }

    /// <summary>Every signature of the file, in the order they were made: who, in what capacity, when, valid or not.</summary>
    private static string SignersHtml(IReadOnlyList<DocumentSigner> signers, Language language)
    {
        if (signers.Count == 0)
        {
            return string.Empty;
        }

        var html = new System.Text.StringBuilder("<h2>").Append(Html.E(new Text("Signatures du document", "Signatures of the document").In(language))).Append("</h2><ol class=\"history\">");
        foreach (var signer in signers)
        {
            html.Append("<li><strong>").Append(Html.E(signer.Name)).Append("</strong> – ").Append(Html.E(signer.Capacity))
                .Append(" – ").Append(Html.E((signer.Visa ? new Text("visa", "visa") : new Text("signature", "signature")).In(language)))
                .Append(" – ").Append(Html.E(new Text("le {0}", "on {0}").Format(language, Submission.ApplicationSummary.DateTime(signer.TimestampedAt ?? signer.SignedAt, language))))
                .Append(signer.TimestampedAt is null ? string.Empty : Html.E(new Text(" (horodatée)", " (timestamped)").In(language)))
                .Append(" – <strong>").Append(Html.E((signer.Valid ? new Text("valide", "valid") : new Text("NON VALIDE : le fichier a été modifié", "NOT VALID: the file was changed")).In(language))).Append("</strong>")
                .Append(" – ").Append(Html.E(new Text("certificat émis par {0}", "certificate issued by {0}").Format(language, signer.Issuer))).Append("</li>");
        }

        return html.Append("</ol>").ToString();
    }

    private static async Task<(byte[] Content, Refusal Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            if (request.ContentLength > MaxFileBytes + MultipartOverhead)
            {
                await DrainAsync(request.Body, cancellationToken);
                return ([], Refusal.TooLarge);
            }

            var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return ([], Refusal.MissingFile);
            }

            try
            {
                var reader = new MultipartReader(boundary, request.Body);
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                        && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FileField, StringComparison.Ordinal))
                    {
                        var (file, tooLarge) = await ReadCappedAsync(section.Body, cancellationToken);
                        await DrainAsync(request.Body, cancellationToken);
                        return tooLarge ? ([], Refusal.TooLarge) : file.Length == 0 ? ([], Refusal.Empty) : (file, Refusal.None);
                    }

                    await DrainAsync(section.Body, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
            {
                return ([], Refusal.MissingFile);
            }

            return ([], Refusal.MissingFile);
        }

        if (mediaType is null || !(mediaType.MediaType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase) || mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase)))
        {
            return ([], Refusal.Unsupported);
        }

        if (request.ContentLength > MaxFileBytes)
        {
            await DrainAsync(request.Body, cancellationToken);
            return ([], Refusal.TooLarge);
        }

        try
        {
            var (body, bodyTooLarge) = await ReadCappedAsync(request.Body, cancellationToken);
            return bodyTooLarge ? ([], Refusal.TooLarge) : body.Length == 0 ? ([], Refusal.Empty) : (body, Refusal.None);
        }
        catch (BadHttpRequestException)
        {
            return ([], Refusal.TooLarge);
        }
    }

    /// <summary>Reads at most <see cref="MaxFileBytes"/>; reports a larger stream (and reads past it no further than needed).</summary>
    private static async Task<(byte[] Content, bool TooLarge)> ReadCappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                await DrainAsync(stream, cancellationToken);
                return ([], true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    /// <summary>Reads and discards the rest of a body, so that the client gets the answer rather than a reset connection.</summary>
    private static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while (total < DrainLimit && (read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
        }
    }

    private static WrittenResult Refused(HttpRequest request, Refusal refusal, Language language)
    {
        var (status, type, title, detail) = refusal switch
        {
            Refusal.TooLarge => (413, "file-too-large", new Text("Fichier trop volumineux", "File too large"), new Text("Le fichier dépasse 10 Mo : ce n'est pas une attestation délivrée par ce service.", "The file exceeds 10 MB: it is not a certificate issued by this service.")),
            Refusal.Empty => (400, "empty-file", new Text("Fichier vide", "Empty file"), new Text("Le fichier envoyé est vide. Choisissez le PDF de l'attestation.", "The file sent is empty. Choose the certificate's PDF.")),
            Refusal.MissingFile => (400, "missing-file", new Text("Aucun fichier", "No file"), new Text("Envoyez le PDF dans le champ « file » d'un formulaire multipart/form-data.", "Send the PDF in the \"file\" field of a multipart/form-data form.")),
            Refusal.NotPdf => (422, "not-a-pdf", new Text("Ce n'est pas un PDF", "Not a PDF"), new Text("Le fichier envoyé n'est pas un PDF : ce n'est donc pas une attestation délivrée par ce service.", "The file sent is not a PDF, so it is not a certificate issued by this service.")),
            _ => (415, "unsupported-format", new Text("Format non pris en charge", "Unsupported format"), new Text("Envoyez le PDF en multipart/form-data (champ « file ») ou comme corps application/pdf.", "Send the PDF as multipart/form-data (field \"file\") or as an application/pdf body.")),
        };
        if (Results.WantsHtml(request))
        {
            var body = $"<p class=\"error\" role=\"alert\">{Html.E(detail.In(language))}</p>" + CertificateVerification.UploadForm(language);
            return PageResults.Page(status, CertificateVerification.Page(title, body, language));
        }

        return Problems.Simple(status, type, title, detail, language, request.Path.Value ?? string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "File verification refused: {Refusal}")]
    private partial void LogRefused(Refusal refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "File verification: genuine {Genuine}, status {Status}")]
    private partial void LogChecked(bool genuine, string status);
}
