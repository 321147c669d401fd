using System.Text;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>
/// "Mes brouillons" in a signed-in citizen's space: the drafts they started or saved while signed in, still held and
/// not sent, each with its procedure, until when it is kept, and its resume link (the same capability the resume
/// e-mail carries, derived here for a draft whose row names this subject).
/// </summary>
public sealed class MyDrafts(DraftStore store, DraftTokens tokens, ProcedureCatalog catalog, TimeProvider clock) : IMyDraftsSection
{
    public async Task<string> RenderAsync(string subject, IReadOnlyList<CitizenDraftRow> drafts, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var now = clock.GetUtcNow();
        var html = new StringBuilder();
        foreach (var row in drafts)
        {
            // Only a draft still held, not sent, and started by this subject (its row says whose it is).
            if (await store.FindAsync(row.DraftId, cancellationToken) is not { SubmittedReference: null } draft
                || draft.ExpiresAt <= now
                || !string.Equals(draft.CitizenSub, subject, StringComparison.Ordinal)
                || catalog.Find(draft.ProcedureId) is not { } procedure)
            {
                continue;
            }

            (string, string)[] facts =
            [
                (new Text("Commencé le", "Started").In(language), Deadlines.LegalDeadlines.ParisDay(draft.CreatedAt).ToString("d MMMM yyyy", Text.Culture(language))),
                (new Text("Conservé jusqu'au", "Kept until").In(language), Deadlines.LegalDeadlines.ParisDay(draft.ExpiresAt).ToString("d MMMM yyyy", Text.Culture(language))),
            ];
            var resume = "/api/" + DraftRoutes.DraftPath(procedure.Id, tokens.For(draft.DraftId)) + "?lang=" + language.Code();
            html.Append("<section class=\"note\"><h3>").Append(Html.E(procedure.Title.In(language))).Append("</h3>")
                .Append(Html.Table(facts))
                .Append("<p><a href=\"").Append(Html.E(resume)).Append("\">").Append(Html.E(new Text("Reprendre ce brouillon", "Resume this draft").In(language))).Append("</a></p></section>");
        }

        return html.Length == 0
            ? string.Empty
            : $"<h2>{Html.E(new Text("Mes brouillons", "My drafts").In(language))}</h2>{html}";
    }
}
