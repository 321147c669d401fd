using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Core.CitizenAccounts;

namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// The query string of API Particulier v3's civil-status routes, from a pivot identity: <c>recipient</c> (the
/// commune's SIRET), <c>nomNaissance</c>, <c>prenoms[]</c> (one per given name), <c>sexeEtatCivil</c> (M/F),
/// <c>anneeDateNaissance</c>/<c>moisDateNaissance</c>/<c>jourDateNaissance</c>, <c>codeCogInseePaysNaissance</c> and
/// <c>codeCogInseeCommuneNaissance</c> (INSEE codes). What the API requires is checked here first, so a form's gap is
/// told to the citizen without a call.
/// </summary>
public static partial class ApiParticulierQuery
{
    public const string Recipient = "recipient";

    /// <summary>The API's parameter → the pivot identity's claim it comes from.</summary>
    private static readonly Dictionary<string, string> ClaimOfParameter = new(StringComparer.Ordinal)
    {
        ["nomNaissance"] = PivotClaims.FamilyName,
        ["prenoms"] = PivotClaims.GivenName,
        ["prenoms[]"] = PivotClaims.GivenName,
        ["sexeEtatCivil"] = PivotClaims.Gender,
        ["anneeDateNaissance"] = PivotClaims.Birthdate,
        ["moisDateNaissance"] = PivotClaims.Birthdate,
        ["jourDateNaissance"] = PivotClaims.Birthdate,
        ["codeCogInseeCommuneNaissance"] = PivotClaims.Birthplace,
        ["codeCogInseePaysNaissance"] = PivotClaims.Birthcountry,
    };

    /// <summary>The field to name for one of the API's parameters: its pivot claim, or the parameter itself.</summary>
    public static string FieldOf(string parameter) => ClaimOfParameter.GetValueOrDefault(parameter, parameter);

    public static bool IsSiret(string? recipient) => recipient is not null && Siret().IsMatch(recipient);

    /// <summary>The query of the FranceConnect route: the recipient only (the identity comes from the token).</summary>
    public static (string Query, IReadOnlyList<FieldError> Errors) ForFranceConnect(string recipient) =>
        IsSiret(recipient)
            ? (Encode([(Recipient, recipient)]), [])
            : (string.Empty, [RecipientError]);

    /// <summary>The query of the identity route, or the fields that stop it.</summary>
    public static (string Query, IReadOnlyList<FieldError> Errors) ForIdentity(PivotIdentity identity, string recipient)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var errors = new List<FieldError>();
        var parameters = new List<(string Name, string Value)>();
        if (IsSiret(recipient))
        {
            parameters.Add((Recipient, recipient));
        }
        else
        {
            errors.Add(RecipientError);
        }

        if (identity.Claim(PivotClaims.FamilyName)?.Trim() is { Length: > 0 } familyName)
        {
            parameters.Add(("nomNaissance", familyName));
        }
        else
        {
            errors.Add(new FieldError(PivotClaims.FamilyName, "Le nom de naissance est obligatoire."));
        }

        var givenNames = (identity.Claim(PivotClaims.GivenName) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (givenNames.Length == 0)
        {
            errors.Add(new FieldError(PivotClaims.GivenName, "Au moins un prénom est obligatoire."));
        }

        parameters.AddRange(givenNames.Select(name => ("prenoms[]", name)));

        switch (identity.Claim(PivotClaims.Gender)?.Trim().ToUpperInvariant())
        {
            case "MALE" or "M":
                parameters.Add(("sexeEtatCivil", "M"));
                break;
            case "FEMALE" or "F":
                parameters.Add(("sexeEtatCivil", "F"));
                break;
            default:
                errors.Add(new FieldError(PivotClaims.Gender, "Le sexe à l'état civil est obligatoire (M ou F)."));
                break;
        }

        if (identity.Claim(PivotClaims.Birthdate) is { } birthdate)
        {
            // FranceConnect's form, AAAA-MM-JJ; an unknown month or day is 00 and is left out.
            var parts = BirthDate().Match(birthdate.Trim());
            if (!parts.Success)
            {
                errors.Add(new FieldError(PivotClaims.Birthdate, "La date de naissance doit être de la forme AAAA-MM-JJ."));
            }
            else
            {
                parameters.Add(("anneeDateNaissance", parts.Groups["year"].Value));
                foreach (var (group, name) in new[] { ("month", "moisDateNaissance"), ("day", "jourDateNaissance") })
                {
                    var number = int.Parse(parts.Groups[group].Value, CultureInfo.InvariantCulture);
                    if (number > 0)
                    {
                        parameters.Add((name, number.ToString(CultureInfo.InvariantCulture)));
                    }
                }
            }
        }

        if (identity.Claim(PivotClaims.Birthcountry)?.Trim() is { } country && InseeCode().IsMatch(country))
        {
            parameters.Add(("codeCogInseePaysNaissance", country));
        }
        else
        {
            errors.Add(new FieldError(PivotClaims.Birthcountry, "Le code INSEE du pays de naissance est obligatoire (99100 pour la France)."));
        }

        if (identity.Claim(PivotClaims.Birthplace)?.Trim() is { } place)
        {
            if (InseeCode().IsMatch(place))
            {
                parameters.Add(("codeCogInseeCommuneNaissance", place));
            }
            else
            {
                errors.Add(new FieldError(PivotClaims.Birthplace, "Le code INSEE de la commune de naissance a cinq caractères."));
            }
        }

        return errors.Count == 0 ? (Encode(parameters), []) : (string.Empty, errors);
    }

    private static FieldError RecipientError => new(Recipient, "Le destinataire (recipient) doit être le SIRET de la commune, 14 chiffres.");

    private static string Encode(IEnumerable<(string Name, string Value)> parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? string.Empty : "&").Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return query.ToString();
    }

    [GeneratedRegex("^[0-9]{14}$")]
    private static partial Regex Siret();

    [GeneratedRegex("^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})$")]
    private static partial Regex BirthDate();

    /// <summary>A COG code: five characters, digits or Corsica's 2A/2B.</summary>
    [GeneratedRegex("^(?:[0-9]{5}|2[AB][0-9]{3})$")]
    private static partial Regex InseeCode();
}
