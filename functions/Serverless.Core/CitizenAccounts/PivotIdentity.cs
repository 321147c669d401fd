namespace Serverless.Core.CitizenAccounts;

/// <summary>
/// The identity FranceConnect vouches for: the pseudonymous subject (one per service provider) and the pivot identity's
/// claims as the signed userinfo gave them (given names, family name, birth date, sex, birth place and country as INSEE
/// codes, e-mail address).
/// </summary>
public sealed record PivotIdentity(string Sub, IReadOnlyDictionary<string, string> Claims)
{
    /// <summary>A claim's value, or null; <see cref="PivotClaims.FullName"/> is composed here from the two names.</summary>
    public string? Claim(string name) => name == PivotClaims.FullName
        ? (DisplayName.Length > 0 ? DisplayName : null)
        : Claims.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>"Prénoms NOM" as a page greets the person.</summary>
    public string DisplayName => string.Join(' ', new[] { Claim(PivotClaims.GivenName), Claim(PivotClaims.FamilyName) }.Where(part => part is not null));
}

/// <summary>The claims of FranceConnect's pivot identity (scope <c>identite_pivot</c>) and of the <c>email</c> scope that a procedure's field may take.</summary>
public static class PivotClaims
{
    public const string GivenName = "given_name";
    public const string FamilyName = "family_name";
    public const string Birthdate = "birthdate";
    public const string Gender = "gender";
    public const string Birthplace = "birthplace";
    public const string Birthcountry = "birthcountry";
    public const string Email = "email";
    public const string PreferredUsername = "preferred_username";

    /// <summary>Not a FranceConnect claim: given names then family name, for a form asking the name in one field.</summary>
    public const string FullName = "full_name";

    public static readonly IReadOnlyList<string> All = [GivenName, FamilyName, Birthdate, Gender, Birthplace, Birthcountry, Email, PreferredUsername];
}
