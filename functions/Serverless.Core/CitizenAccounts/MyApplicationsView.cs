using System.Text;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.CitizenAccounts;

/// <summary>
/// "Mes démarches": a signed-in citizen's applications across the deployment's procedures, each with its status, the
/// next step and its documents. The links carry the application's access code, derived here for the subject that
/// filed it (the row names the same subject): the citizen follows, downloads and answers a request for changes without
/// typing a code.
/// </summary>
public sealed class MyApplicationsView(CitizenApplications index, ApplicationRepository applications, ProcedureCatalog catalog, CitizenAccessCodes accessCodes, IMyDraftsSection drafts)
{
    public const int Shown = 50;

    public async Task<string> RenderAsync(PivotIdentity identity, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var html = new StringBuilder("<h2>").Append(Html.E(new Text("Mes démarches", "My applications").In(language))).Append("</h2>");
        var shown = 0;
        var (filed, started) = await index.ListAsync(identity.Sub, Shown, cancellationToken);
        // Point reads of at most Shown rows, side by side: the page waits for one round trip, not fifty in a row.
        var records = await Task.WhenAll(filed.Select(row => applications.FindAsync(row.Reference, cancellationToken)));
        foreach (var found in records)
        {
            // Only what this subject filed and what is still held (an erased application leaves its tombstone, not here).
            if (found is not { ErasedAt: null } record
                || !string.Equals(record.CitizenSub, identity.Sub, StringComparison.Ordinal)
                || catalog.Find(record.ProcedureId) is not { } procedure)
            {
                continue;
            }

            html.Append(Entry(record, procedure, language));
            shown++;
        }

        if (shown == 0)
        {
            html.Append("<p>").Append(Html.E(new Text("Aucune démarche déposée en étant connecté pour le moment.", "No application filed while signed in yet.").In(language))).Append("</p>");
        }

        return html.Append(await drafts.RenderAsync(identity.Sub, started, language, cancellationToken)).ToString();
    }

    private string Entry(ApplicationRecord record, ProcedureDefinition procedure, Language language)
    {
        var code = accessCodes.For(record.Reference, record.AccessKeyId);
        var status = record.StatusValue;
        var links = new List<(string Href, Text Label)>
        {
            ("/api/" + Routes.StatusPath(procedure.Id, record.Reference, code), new("Suivre la demande", "Follow the application")),
            ("/api/" + Routes.ReceiptPath(procedure.Id, record.Reference, code), new("Accusé de réception", "Acknowledgement of receipt")),
        };
        if (status == ApplicationStatus.ChangesRequested)
        {
            links.Insert(0, ("/api/" + Routes.CorrectionPath(procedure.Id, record.Reference, code), new("Compléter ma demande", "Complete my application")));
        }

        if (status == ApplicationStatus.AwaitingPayment)
        {
            links.Insert(0, ("/api/" + Routes.PaymentPath(procedure.Id, record.Reference, code), new("Payer en ligne", "Pay online")));
        }

        if (record.CertificateNumber is { Length: > 0 })
        {
            links.Add(("/api/" + Routes.CertificatePath(procedure.Id, record.Reference, code), new("Télécharger l'attestation (PDF)", "Download the certificate (PDF)")));
        }

        (string, string)[] rows =
        [
            (new Text("Référence", "Reference").In(language), record.Reference),
            (new Text("Déposée le", "Submitted").In(language), Deadlines.LegalDeadlines.ParisDay(record.SubmittedAt).ToString("d MMMM yyyy", Text.Culture(language))),
            (new Text("Statut", "Status").In(language), status.Label().In(language)),
            (new Text("Prochaine étape", "Next step").In(language), NextStep(status).In(language)),
        ];
        var list = string.Concat(links.Select(link => $"<li><a href=\"{Html.E(link.Href)}\">{Html.E(link.Label.In(language))}</a></li>"));
        return $"<section class=\"note\"><h3>{Html.E(procedure.Title.In(language))}</h3>{Html.Table(rows)}<ul>{list}</ul></section>";
    }

    private static Text NextStep(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Received or ApplicationStatus.UnderReview => new("La commune instruit votre demande : vous serez prévenu par courriel de sa décision.", "The commune is reviewing your application: you will be told its decision by e-mail."),
        ApplicationStatus.ChangesRequested => new("À vous : la commune vous demande des compléments.", "Your turn: the commune asks you for changes."),
        ApplicationStatus.AwaitingPayment => new("À vous : payez en ligne le montant dû, depuis le suivi de la demande.", "Your turn: pay the amount due online, from the application's page."),
        ApplicationStatus.Approved => new("Aucune : la demande est acceptée.", "None: the application is approved."),
        ApplicationStatus.AwaitingSignature => new("Aucune de votre part : la demande est acceptée et la décision est en cours de signature ; vous la recevrez par courriel.", "Nothing for you to do: the application is approved and the decision is being signed; you will receive it by e-mail."),
        ApplicationStatus.Incident => new("Aucune de votre part : un incident technique retarde la demande, la commune est prévenue.", "Nothing for you to do: a technical incident delays the application, the commune is told."),
        _ => new("Aucune : la demande est close.", "None: the application is closed."),
    };
}

/// <summary>
/// The drafts part of "Mes démarches", drawn by the drafts' feature (which owns the drafts and their resume links):
/// this folder only lists the index's rows, so it does not reach into the drafts' store.
/// </summary>
public interface IMyDraftsSection
{
    Task<string> RenderAsync(string subject, IReadOnlyList<CitizenDraftRow> drafts, Language language, CancellationToken cancellationToken);
}
