using Serverless.Core.CitizenAccounts;
using Serverless.Core.FamilyQuotient;

namespace Serverless.Core.Tests.FamilyQuotient;

/// <summary>The pivot identity in API Particulier v3's civil-status parameters, and what stops a call before it is made.</summary>
public sealed class ApiParticulierQueryTests
{
    private const string Siret = "21300001200016";

    private static PivotIdentity Identity(params (string Claim, string Value)[] claims) =>
        new("sub", claims.ToDictionary(claim => claim.Claim, claim => claim.Value));

    private static readonly PivotIdentity Dupont = Identity(
        (PivotClaims.GivenName, "Stéphane Louis Perceval"),
        (PivotClaims.FamilyName, "DUPONT"),
        (PivotClaims.Gender, "male"),
        (PivotClaims.Birthdate, "1962-08-24"),
        (PivotClaims.Birthplace, "75112"),
        (PivotClaims.Birthcountry, "99100"),
        (PivotClaims.Email, "testfc1@franceconnect.gouv.fr"));

    private static List<(string Name, string Value)> Parameters(string query) =>
        [.. query.Split('&').Select(pair => pair.Split('=')).Select(pair => (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])))];

    [Fact]
    public void ForIdentity_FranceConnectPivotIdentity_EveryV3ParameterOnceGivenNamesRepeated()
    {
        var (query, errors) = ApiParticulierQuery.ForIdentity(Dupont, Siret);

        Assert.Empty(errors);
        Assert.Equal(
            [
                ("recipient", Siret), ("nomNaissance", "DUPONT"), ("prenoms[]", "Stéphane"), ("prenoms[]", "Louis"), ("prenoms[]", "Perceval"),
                ("sexeEtatCivil", "M"), ("anneeDateNaissance", "1962"), ("moisDateNaissance", "8"), ("jourDateNaissance", "24"),
                ("codeCogInseePaysNaissance", "99100"), ("codeCogInseeCommuneNaissance", "75112"),
            ],
            Parameters(query));
        Assert.DoesNotContain("testfc1", query, StringComparison.Ordinal);
    }

    [Fact]
    public void ForIdentity_BornAbroadUnknownDayCorsicanOrFormLetters_MapsWhatIsKnown()
    {
        var abroad = Identity((PivotClaims.GivenName, "Marge"), (PivotClaims.FamilyName, "SIMPSON"), (PivotClaims.Gender, "F"), (PivotClaims.Birthdate, "1980-11-00"), (PivotClaims.Birthcountry, "99404"));
        var parameters = Parameters(ApiParticulierQuery.ForIdentity(abroad, Siret).Query);
        Assert.Contains(("sexeEtatCivil", "F"), parameters);
        Assert.Contains(("moisDateNaissance", "11"), parameters);
        Assert.DoesNotContain(parameters, parameter => parameter.Name is "jourDateNaissance" or "codeCogInseeCommuneNaissance");

        var corsican = Identity((PivotClaims.GivenName, "Ange"), (PivotClaims.FamilyName, "PAOLI"), (PivotClaims.Gender, "female"), (PivotClaims.Birthplace, "2A004"), (PivotClaims.Birthcountry, "99100"));
        Assert.Contains(("codeCogInseeCommuneNaissance", "2A004"), Parameters(ApiParticulierQuery.ForIdentity(corsican, Siret).Query));
    }

    [Fact]
    public void ForIdentity_RequiredFieldsMissingOrMalformed_NamesEachFieldAndBuildsNoQuery()
    {
        var partial = Identity((PivotClaims.Gender, "other"), (PivotClaims.Birthdate, "24/08/1962"), (PivotClaims.Birthplace, "Paris"), (PivotClaims.Birthcountry, "France"));

        var (query, errors) = ApiParticulierQuery.ForIdentity(partial, "130 025 265 00013");

        Assert.Empty(query);
        Assert.Equal(
            ["recipient", PivotClaims.FamilyName, PivotClaims.GivenName, PivotClaims.Gender, PivotClaims.Birthdate, PivotClaims.Birthcountry, PivotClaims.Birthplace],
            errors.Select(error => error.Field));
        Assert.All(errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Detail)));
    }

    [Theory]
    [InlineData("13002526500013", true)]
    [InlineData("1300252650001", false)]
    [InlineData("130025265000134", false)]
    [InlineData("1300252650001A", false)]
    [InlineData("", false)]
    public void ForFranceConnect_Recipient_OnlyA14DigitSiret(string recipient, bool accepted)
    {
        var (query, errors) = ApiParticulierQuery.ForFranceConnect(recipient);

        Assert.Equal(accepted ? $"recipient={recipient}" : string.Empty, query);
        Assert.Equal(accepted ? 0 : 1, errors.Count);
    }
}
