using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.Drafts;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// <c>GET /api/procedures/{procedureId}/form[?field=value…]</c>: a ready-made HTML form for the procedure (no
/// JavaScript). Values in the query prefill their fields (a commune's site that knows the person); they are checked
/// by the same validator as a submission and any problem is shown at once, never silently dropped (on the first step
/// of a multi-step procedure for its fields; later steps' values travel with it and are checked on their step).
/// </summary>
public sealed class ProcedureFormHandler(ProcedureCatalog catalog, SubmissionValidator validator, TimeProvider clock, Submission.FormGuard formGuard, DraftHandler drafts, CitizenFormIdentity citizenIdentity, FamilyQuotient.FamilyQuotientConsent familyQuotient)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return PageResults.Page(404, ResultPages.UnknownProcedure(language));
        }

        var commune = catalog.CommuneOf(procedure);
        var (values, errors) = Prefill(request, procedure, commune);
        // FranceConnect (when the procedure offers it): the verified identity prefilled and locked, or the button.
        var identity = await citizenIdentity.ForFormAsync(request, procedure, language, cancellationToken);
        if (!identity.FormAllowed)
        {
            var buttonOnly = PageResults.Page(200, Html.Page(procedure.Title.In(language), $"<p>{Html.E(procedure.Description.In(language))}</p>{identity.Preamble}", language, PageIdentity.Of(commune), new Html.PageOptions(LanguageSwitchUrl: PageLinks.OtherLanguage(request, language))));
            return identity.SetCookie is null ? buttonOnly : buttonOnly.WithCookie(identity.SetCookie);
        }

        if (procedure.IsMultiStep)
        {
            // One step per page: the first step posts to a new draft, which the server keeps between steps.
            var first = procedure.Steps[0].Fields;
            var stepErrors = errors.Where(error => first.Contains(error.Field) && !identity.Values.ContainsKey(error.Field)).ToList();
            var firstStep = PageResults.Page(200, drafts.FirstStep(procedure, commune, language, values, stepErrors, formGuard.Issue(), PageLinks.OtherLanguage(request, language), identity));
            return identity.SetCookie is null ? firstStep : firstStep.WithCookie(identity.SetCookie);
        }

        if (identity.Values.Count > 0)
        {
            var merged = new Dictionary<string, string>(values ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            foreach (var (name, value) in identity.Values)
            {
                merged[name] = value;
            }

            values = merged;
            errors = [.. errors.Where(error => !identity.Values.ContainsKey(error.Field))];
        }

        var today = Deadlines.ParisToday.Of(clock);
        var content = new FormPage.FormContent(procedure.Description.In(language), null, values)
        {
            Preamble = identity.Preamble + familyQuotient.Block(procedure, identity, language),
            LockedFields = [.. identity.Values.Keys],
            LockedNotes = identity.Notes,
            IssuedStamp = formGuard.Issue(),
            SubmissionKey = Submission.FormGuard.NewSubmissionKey(),
            Errors = errors,
            LanguageSwitchUrl = PageLinks.OtherLanguage(request, language),
        };
        var page = PageResults.Page(200, FormPage.Render(procedure, language, PageIdentity.Of(commune), today, "/api/" + Routes.SubmitPath(procedure.Id), content));
        return identity.SetCookie is null ? page : page.WithCookie(identity.SetCookie);
    }

    /// <summary>The query's values for known, non-file fields, and the validator's verdict on exactly those fields.</summary>
    private (IReadOnlyDictionary<string, string>? Values, IReadOnlyList<FieldError> Errors) Prefill(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);

        // Never the contact address: a link from anyone could otherwise have the receipt, its access code and every
        // later e-mail sent to the link's author by a citizen who did not look at that field.
        foreach (var field in procedure.Fields.Where(field => field.Kind != FieldKind.File && field.Name != procedure.ContactEmailField && request.Query.ContainsKey(field.Name)))
        {
            values[field.Name] = string.Join(',', request.Query[field.Name].Select(value => value ?? string.Empty));
        }

        if (values.Count == 0)
        {
            return (null, []);
        }

        var result = validator.Validate(procedure, PrefillSubmission.Of(procedure, values), commune.PostalCodes);
        return (values, [.. result.Errors.Where(error => values.ContainsKey(error.Field))]);
    }
}
