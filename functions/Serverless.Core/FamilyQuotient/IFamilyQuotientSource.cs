using Serverless.Core.CitizenAccounts;

namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// The family quotient (CAF or MSA) of a person, from the administration's own data ("Dites-le-nous une fois"), for
/// canteen and after-school pricing. Each call names the commune that asks (<c>recipient</c>, its 14-digit SIRET) and
/// answers a <see cref="FamilyQuotientResult"/>; none throws for an expected outcome.
/// </summary>
public interface IFamilyQuotientSource
{
    /// <summary>False when ApiParticulier__BaseUrl is empty: offer no prefill, ask for the proof as before.</summary>
    bool Enabled { get; }

    /// <summary>
    /// By civil-status identity (<c>/v3/dss/quotient_familial/identite</c>): given names, family name, sex and birth
    /// country are required; birth date and birth place (INSEE codes) make the match surer. The identity may come from
    /// FranceConnect or from the citizen's form (a <see cref="PivotIdentity"/> with the same claim names).
    /// </summary>
    Task<FamilyQuotientResult> ByIdentityAsync(PivotIdentity identity, string recipient, CancellationToken cancellationToken);

    /// <summary>
    /// By FranceConnect (<c>/v3/dss/quotient_familial/france_connect</c>): the signed-in citizen's FranceConnect access
    /// token, from which API Particulier gets the identity itself. The token must carry the data's scopes.
    /// </summary>
    Task<FamilyQuotientResult> ByFranceConnectAsync(string franceConnectAccessToken, string recipient, CancellationToken cancellationToken);
}
