using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Circuits;

/// <summary>
/// <c>GET /api/decision/{token}</c> shows the decision to the person the link names and changes nothing;
/// <c>POST /api/decision/{token}</c> records what they do at their step once (submit, visa, send back, amend, sign:
/// the first action at a step wins) and tells the circuit, which alone applies it; <c>POST …/code</c> sends a
/// signature's one-time code; <c>GET …/document</c> gives the PDF as it stands.
/// </summary>
public sealed partial class CircuitHandler(
    CircuitLinks links,
    CircuitRequests requests,
    SignatureCodes codes,
    DecisionDocuments documents,
    TimeProvider clock,
    ILogger<CircuitHandler> logger)
{
    public const int MaxTitleLength = 300;
    public const int MaxBodyLength = 20_000;
    public const int MaxCommentLength = 2000;

    public async Task<IActionResult> ShowAsync(string token, CancellationToken cancellationToken)
    {
        var (link, refusal) = await links.OpenAsync(token, cancellationToken);
        return refusal ?? PageResults.Page(200, CircuitPage.Render(await ViewAsync(link!, token, cancellationToken)));
    }

    public async Task<IActionResult> ActAsync(HttpRequest request, string token, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (link, refusal) = await links.OpenAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        var comment = SubmissionValidator.Normalise(form?["comment"].ToString());
        var title = SubmissionValidator.Normalise(form?["title"].ToString());
        var body = (form?["body"].ToString() ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var (action, error) = Parse(link!.Step.Kind, form?["action"].ToString(), title, body, comment);
        string? evidence = null;
        if (error is null && action == CircuitAction.Sign)
        {
            if (form?["confirm"].ToString() != "yes")
            {
                error = "Cochez la case qui confirme que vous signez la décision.";
            }
            else
            {
                var check = await codes.CheckAsync(link.Grant, link.Email, form?["code"].ToString(), cancellationToken);
                (error, evidence) = (check.Problem, check.Evidence);
            }
        }

        if (error is not null)
        {
            var view = await ViewAsync(link, token, cancellationToken) with { Error = error };
            return PageResults.Page(400, CircuitPage.Render(view));
        }

        var recorded = new RecordedCircuitAction(link.Grant.Pass, link.Grant.Step, action, link.Grant.Actor, link.ActorName, clock.GetUtcNow(), comment)
        {
            Title = action is CircuitAction.Submit or CircuitAction.Amend ? title : null,
            Body = action is CircuitAction.Submit or CircuitAction.Amend ? body : null,
            Capacity = action is CircuitAction.Approve or CircuitAction.Sign ? link.Capacity : null,
            SecondFactor = evidence,
        };
        if (await requests.RecordAsync(durable, recorded, link.Grant.Reference, cancellationToken) is { } earlier)
        {
            return Message(409, "Étape déjà traitée", $"Cette étape a déjà été traitée : {CircuitPage.Verb(earlier.Action)} par {earlier.ActorName}.", "notice");
        }

        LogActed(link.Grant.Reference, link.Grant.Pass, link.Grant.Step, action);
        var done = action switch
        {
            CircuitAction.Submit => "Le projet est soumis au circuit : les personnes qui le visent reçoivent un courriel.",
            CircuitAction.Approve => "Votre visa est enregistré : il est apposé sur le document et l'étape suivante est demandée.",
            CircuitAction.Amend => "La nouvelle version est enregistrée : les visas reprennent sur ce texte.",
            CircuitAction.SendBack => "Le projet est renvoyé à son rédacteur avec votre commentaire.",
            _ => "La décision est signée. Le demandeur en est informé et reçoit la décision signée.",
        };
        return Message(200, "C'est enregistré", done, "ok");
    }

    public async Task<IActionResult> SendCodeAsync(string token, CancellationToken cancellationToken)
    {
        var (link, refusal) = await links.OpenAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (link!.Step.Kind != CircuitStepKind.Signature)
        {
            return Message(400, "Pas de code à cette étape", "Un code n'est demandé que pour signer la décision.", "error");
        }

        var problem = await codes.IssueAsync(link.Application, link.Grant, link.Email, cancellationToken);
        var view = await ViewAsync(link, token, cancellationToken);
        return problem is null
            ? PageResults.Page(200, CircuitPage.Render(view with { CodeSent = true, Notice = $"Un code vient d'être envoyé à {EmailSecondFactor.Mask(link.Email)} ; il est valable {SignatureCodes.Lifetime.TotalMinutes:0} minutes." }))
            : PageResults.Page(429, CircuitPage.Render(view with { Error = problem }));
    }

    public async Task<IActionResult> DocumentAsync(string token, CancellationToken cancellationToken)
    {
        var (link, refusal) = await links.OpenAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var versions = link!.History.Versions;
        var plan = new CircuitPlan(link.Grant.Reference, link.Plan, new CircuitTiming(0, 0, 0, null));
        var name = link.Grant.Step == 0
            ? await documents.EnsureDraftAsync(link.Application, plan, versions[^1], link.Grant.Pass, cancellationToken)
            : DecisionDocuments.BlobName(link.Grant.Reference, versions[^1].Number, link.Grant.Pass, link.Grant.Step - 1);
        return await documents.DownloadAsync(name, cancellationToken) is { } pdf
            ? new BytesResult("application/pdf", pdf, $"decision-{link.Grant.Reference}-v{versions[^1].Number}.pdf").WithHeader("X-Content-Type-Options", "nosniff")
            : Message(404, "Document en préparation", "Le document de cette version est en cours de préparation : réessayez dans un instant.", "notice");
    }

    private async Task<CircuitView> ViewAsync(OpenedCircuitLink link, string token, CancellationToken cancellationToken)
    {
        var sent = link.Step.Kind == CircuitStepKind.Signature && await codes.SentAsync(link.Grant, cancellationToken);
        return new CircuitView(
            link.Application,
            link.Step,
            link.Plan.Count,
            link.ActorName,
            link.Capacity,
            link.History.Versions,
            link.History.Actions,
            new CircuitPaths(Routes.DecisionPath(token), Routes.DecisionCodePath(token), Routes.DecisionDocumentPath(token)))
        {
            CodeSent = sent,
        };
    }

    /// <summary>The action the form asks for at this kind of step, or what is missing (in words the person can act on).</summary>
    private static (CircuitAction Action, string? Error) Parse(CircuitStepKind kind, string? requested, string title, string body, string comment)
    {
        CircuitAction? action = (kind, requested) switch
        {
            (CircuitStepKind.Draft, "submit") => CircuitAction.Submit,
            (CircuitStepKind.Visa, "approve") => CircuitAction.Approve,
            (CircuitStepKind.Visa, "amend") => CircuitAction.Amend,
            (CircuitStepKind.Visa or CircuitStepKind.Signature, "sendBack") => CircuitAction.SendBack,
            (CircuitStepKind.Signature, "sign") => CircuitAction.Sign,
            _ => null,
        };
        if (action is not { } chosen)
        {
            return (CircuitAction.Submit, "Cette action n'est pas possible à cette étape.");
        }

        if (comment.Length > MaxCommentLength)
        {
            return (chosen, $"Le commentaire ne doit pas dépasser {MaxCommentLength} caractères.");
        }

        if (chosen is CircuitAction.Submit or CircuitAction.Amend && (title.Length == 0 || body.Length == 0 || title.Length > MaxTitleLength || body.Length > MaxBodyLength))
        {
            return (chosen, $"L'intitulé (au plus {MaxTitleLength} caractères) et le texte (au plus {MaxBodyLength}) sont obligatoires.");
        }

        return chosen switch
        {
            CircuitAction.SendBack when comment.Length == 0 => (chosen, "Dites ce qu'il faut reprendre : ce commentaire est envoyé au rédacteur."),
            CircuitAction.Amend when comment.Length == 0 => (chosen, "Indiquez le motif de la modification : il figure dans l'historique de la décision."),
            _ => (chosen, null),
        };
    }

    private static WrittenResult Message(int status, string title, string message, string cssClass) =>
        PageResults.Page(status, Html.Message(title, message, cssClass, Language.French, Html.PlatformName));

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference}: circuit pass {Pass} step {Step}: {Action} recorded")]
    private partial void LogActed(string reference, int pass, int step, CircuitAction action);
}
