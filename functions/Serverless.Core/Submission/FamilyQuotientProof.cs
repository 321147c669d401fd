using Serverless.Core.Procedures;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// "Dites-le-nous une fois": a procedure with <c>familyQuotient</c> asks the proof (the CAF or MSA certificate) only
/// when the citizen typed the quotient themselves; a quotient the administration gave through API Particulier (a
/// verified field) needs none, and an empty one (the full price) neither.
/// </summary>
public static class FamilyQuotientProof
{
    public static FieldError? Missing(ProcedureDefinition procedure, ValidationResult result, IReadOnlyCollection<string> verifiedFields)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(verifiedFields);
        if (procedure.FamilyQuotient is not { } quotient
            || string.IsNullOrWhiteSpace(result.Values.GetValueOrDefault(quotient.Field))
            || verifiedFields.Contains(quotient.Field)
            || result.Files.Any(file => file.FieldName == quotient.ProofField)
            || result.Errors.Any(error => error.Field == quotient.ProofField))
        {
            return null;
        }

        return new FieldError(quotient.ProofField, new Text(
            "Joignez l'attestation de quotient familial de la CAF ou de la MSA, ou laissez le quotient vide (tarif plein). Connecté avec FranceConnect, vous pouvez aussi demander à la commune de l'obtenir pour vous.",
            "Attach the CAF or MSA family quotient certificate, or leave the quotient empty (full price). Signed in with FranceConnect, you may also ask the commune to get it for you."));
    }
}
