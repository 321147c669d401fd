using Microsoft.AspNetCore.Http;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.CitizenAccounts;

/// <summary>What a procedure's form shows of FranceConnect for this request.</summary>
/// <param name="Values">The verified values of the procedure's identity fields (empty when nobody is signed in).</param>
/// <param name="Preamble">Above the form: who is signed in, or the FranceConnect button.</param>
/// <param name="SetCookie">The anti-forgery cookie the button needs, when the browser has none yet.</param>
/// <param name="FormAllowed">False when the procedure requires a sign-in and nobody is signed in: the button only.</param>
public sealed record FormIdentity(IReadOnlyDictionary<string, string> Values, string Preamble, string? SetCookie, bool FormAllowed)
{
    public static readonly FormIdentity None = new(new Dictionary<string, string>(), string.Empty, null, true);

    /// <summary>For a locked value that came from another source than FranceConnect (the family quotient): what to say of it.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();

    /// <summary>The signed-in citizen's session (null when nobody is signed in): a feature's own block on the form needs it.</summary>
    public CitizenSession? Session { get; init; }
}

/// <summary>
/// Identity filled in once and trusted: for a procedure whose <c>citizenSignIn</c> is offered or required, the form of
/// a citizen signed in with FranceConnect gets the verified values of the fields the catalogue maps to the pivot
/// identity (shown locked), and <see cref="CheckAsync"/> tells the submission which values came from FranceConnect and
/// refuses a changed one. For a citizen not signed in, the form carries the FranceConnect button (and, when the
/// procedure requires it, nothing else).
/// </summary>
public sealed class CitizenFormIdentity(FranceConnectClient franceConnect, CitizenSessions sessions, CitizenSignInHandler signIn)
{
    public bool Applies(ProcedureDefinition procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedure.CitizenSignIn != CitizenSignIn.None && franceConnect.Enabled;
    }

    /// <summary>
    /// The form's identity for this request. <paramref name="offerButton"/> false (a later step of a draft, whose
    /// address is a capability that must not travel through a sign-in): only a signed-in citizen's banner, no button.
    /// </summary>
    public async Task<FormIdentity> ForFormAsync(HttpRequest request, ProcedureDefinition procedure, Language language, CancellationToken cancellationToken, bool offerButton = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Applies(procedure))
        {
            return FormIdentity.None;
        }

        if (await sessions.FindAsync(request, cancellationToken) is { } session)
        {
            var values = VerifiedValues(procedure, session);
            var signedIn = $"<p class=\"ok\">{Html.E(new Text("Connecté avec FranceConnect : {0}. Les champs marqués « vérifié FranceConnect » viennent de votre identité et ne peuvent pas être modifiés ici.", "Signed in with FranceConnect: {0}. Fields marked \"verified by FranceConnect\" come from your identity and cannot be changed here.").Format(language, session.Identity.DisplayName))} <a href=\"{CitizenSignInHandler.Home}\">{Html.E(new Text("Mon espace", "My space").In(language))}</a></p>";
            return new FormIdentity(values, signedIn, null, true) { Notes = Notes(procedure, session), Session = session };
        }

        if (!offerButton)
        {
            return FormIdentity.None;
        }

        var (token, setCookie) = signIn.ButtonToken(request);
        var returnPath = request.Path.Value + request.QueryString.Value;
        var required = procedure.CitizenSignIn == CitizenSignIn.Required;
        var text = required
            ? new Text("Cette démarche demande de vous identifier avec FranceConnect : votre identité sera remplie et vérifiée.", "This procedure asks you to sign in with FranceConnect: your identity will be filled in and verified.")
            : new Text("Identifiez-vous avec FranceConnect pour remplir votre identité sans la saisir, ou remplissez le formulaire ci-dessous.", "Sign in with FranceConnect to fill in your identity without typing it, or fill in the form below.");
        var preamble = $"<div class=\"notice\"><p>{Html.E(text.In(language))}</p>{FranceConnectButton.Form(token, returnPath, language)}</div>";
        return new FormIdentity(new Dictionary<string, string>(), preamble, setCookie, !required);
    }

    /// <summary>
    /// For a submission: the identity fields whose values FranceConnect vouches for (their names), or the refusals — a
    /// sign-in required and missing (<see cref="IdentityCheck.SignInMissing"/>), or a verified value changed (a field error).
    /// </summary>
    public async Task<IdentityCheck> CheckAsync(HttpRequest request, ProcedureDefinition procedure, IReadOnlyDictionary<string, string> posted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(posted);
        if (!Applies(procedure))
        {
            return IdentityCheck.Unverified;
        }

        var session = await sessions.FindAsync(request, cancellationToken);
        if (session is null)
        {
            return procedure.CitizenSignIn == CitizenSignIn.Required ? IdentityCheck.Missing : IdentityCheck.Unverified;
        }

        var verified = VerifiedValues(procedure, session);
        var changed = verified.Where(pair => !string.Equals(posted.GetValueOrDefault(pair.Key)?.Trim(), pair.Value, StringComparison.Ordinal))
            .Select(pair => new FieldError(pair.Key, session.Vouched.ContainsKey(pair.Key)
                ? new Text("Cette valeur vient de l'administration (API Particulier) et ne peut pas être modifiée ici.", "This value comes from the administration (API Particulier) and cannot be changed here.")
                : new Text("Cette valeur vient de FranceConnect et ne peut pas être modifiée.", "This value comes from FranceConnect and cannot be changed.")))
            .ToList();
        return new IdentityCheck(session.Identity.Sub, [.. verified.Keys], changed, SignInMissing: false) { Notes = Notes(procedure, session) };
    }

    /// <summary>The identity fields FranceConnect fills, and the family quotient when the citizen had it fetched in this session.</summary>
    private static Dictionary<string, string> VerifiedValues(ProcedureDefinition procedure, CitizenSession session)
    {
        var values = procedure.IdentityFields
            .Where(field => session.Identity.Claim(field.IdentityClaim!) is not null)
            .ToDictionary(field => field.Name, field => session.Identity.Claim(field.IdentityClaim!)!, StringComparer.Ordinal);
        if (procedure.FamilyQuotient is { } quotient && session.Vouched.TryGetValue(quotient.Field, out var vouched))
        {
            values[quotient.Field] = vouched.Value;
        }

        return values;
    }

    private static Dictionary<string, string> Notes(ProcedureDefinition procedure, CitizenSession session) =>
        procedure.FamilyQuotient is { } quotient && session.Vouched.TryGetValue(quotient.Field, out var vouched)
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [quotient.Field] = vouched.Note }
            : [];
}

/// <summary>What a submission's identity is worth: the citizen's subject and the fields FranceConnect vouches for, or why it is refused.</summary>
public sealed record IdentityCheck(string? Sub, IReadOnlyList<string> VerifiedFields, IReadOnlyList<FieldError> Changed, bool SignInMissing)
{
    /// <summary>For verified fields that another source than FranceConnect vouched for: that source, recorded with the application.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();

    public static readonly IdentityCheck Unverified = new(null, [], [], false);

    public static readonly IdentityCheck Missing = new(null, [], [], true);
}
