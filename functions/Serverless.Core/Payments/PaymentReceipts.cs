using Serverless.Core.Payments.PayFip;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Receipts;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;

namespace Serverless.Core.Payments;

/// <summary>
/// The citizen's payment receipt (PDF): the commune and its régie, the application, the debt reference (refdet), the
/// object, the amount, when it was paid and the bank's authorisation number, and PayFiP's operation number. Stored
/// once under the application's certificates (<c>{reference}/payment-receipt.pdf</c>, first writer wins, so a step
/// that runs twice never makes a second one) and erased with them.
/// </summary>
public sealed class PaymentReceipts(ReceiptPdfRenderer renderer, BlobFiles files)
{
    public static readonly Text Title = new("Reçu de paiement", "Payment receipt");

    public static string BlobName(string reference) => $"{reference}/payment-receipt.pdf";

    /// <summary>The stored receipt, written now if it is not stored yet.</summary>
    public async Task<byte[]> EnsureAsync(LoadedApplication application, PaymentDue due, PaymentAttempt paid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (await files.DownloadAsync(StorageNames.CertificatesContainer, BlobName(application.Reference), cancellationToken) is { } stored)
        {
            return stored;
        }

        var pdf = Render(application, due, paid);
        await files.UploadIfAbsentAsync(StorageNames.CertificatesContainer, BlobName(application.Reference), pdf, "application/pdf", cancellationToken);
        return await files.DownloadAsync(StorageNames.CertificatesContainer, BlobName(application.Reference), cancellationToken) ?? pdf;
    }

    public Task<byte[]?> FindAsync(string reference, CancellationToken cancellationToken) =>
        files.DownloadAsync(StorageNames.CertificatesContainer, BlobName(reference), cancellationToken);

    private byte[] Render(LoadedApplication application, PaymentDue due, PaymentAttempt paid)
    {
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(paid);
        var language = application.Language;
        var regie = application.Commune.Regie(due.RegieId);
        var when = paid.TransactionTime ?? paid.CreatedAt;
        ReceiptSection[] sections =
        [
            new(new Text("Paiement", "Payment").In(language),
            [
                (new Text("Montant", "Amount").In(language), PaymentEmails.Euros(due.AmountInCents, language)),
                (new Text("Objet", "Object").In(language), due.Label),
                (new Text("Payé le", "Paid on").In(language), ApplicationSummary.DateTime(when, language)),
                (new Text("Moyen", "Means").In(language), Means(paid.Means).In(language)),
                (new Text("Numéro d'autorisation", "Authorisation number").In(language), paid.TransactionNumber ?? "—"),
                (new Text("Numéro d'opération PayFiP", "PayFiP operation number").In(language), paid.IdOp),
            ]),
            new(new Text("Dette payée", "Debt paid").In(language),
            [
                (new Text("Référence de la dette (refdet)", "Debt reference (refdet)").In(language), due.DebtReference),
                (new Text("Exercice", "Budget year").In(language), due.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (new Text("Régie", "Régie").In(language), regie is null ? due.ClientNumber : $"{regie.Name} (n° client PayFiP {regie.ClientNumber})"),
                (new Text("Démarche", "Procedure").In(language), application.Procedure.Title.In(language)),
                (new Text("Référence de la demande", "Application reference").In(language), application.Reference),
            ]),
        ];
        return renderer.Render(application.Commune, application.Reference, sections, language, when, Title);
    }

    /// <summary>How the citizen paid, as PayFiP's result code says (P card, V single direct debit).</summary>
    private static Text Means(PaymentMeans? means) => means switch
    {
        PaymentMeans.DirectDebit => new Text("Prélèvement unique, sur PayFiP (Direction générale des Finances publiques)", "Single direct debit, on PayFiP (French public finance directorate)"),
        PaymentMeans.Card => new Text("Carte bancaire, sur PayFiP (Direction générale des Finances publiques)", "Card, on PayFiP (French public finance directorate)"),
        _ => new Text("Sur PayFiP (Direction générale des Finances publiques)", "On PayFiP (French public finance directorate)"),
    };
}
