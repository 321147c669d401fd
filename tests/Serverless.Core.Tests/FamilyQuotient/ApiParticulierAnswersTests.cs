using System.Net;
using System.Text;
using Serverless.Core.FamilyQuotient;

namespace Serverless.Core.Tests.FamilyQuotient;

/// <summary>
/// API Particulier v3's answers, canned from its published shapes (the staging data of github.com/etalab/siade_staging_data,
/// payloads/api_particulier_v3_cnav_quotient_familial_*, and the v3 error format), read into typed results.
/// </summary>
public sealed class ApiParticulierAnswersTests
{
    private static readonly DateTimeOffset Now = new(2026, 9, 14, 8, 30, 0, TimeSpan.Zero);

    /// <summary>The success shape of 200-identite-cas-nominal.yaml: data (allocataires, enfants, adresse, quotient_familial), links, meta.</summary>
    private const string CafAnswer = """
        {
          "data": {
            "allocataires": [{ "nom_naissance": "LEFEBVRE", "nom_usage": null, "prenoms": "ALEXIS GÉRÔME JEAN-PHILIPPE", "date_naissance": "1982-12-27", "sexe": "F" }],
            "enfants": [],
            "adresse": { "destinataire": "Monsieur LEFEBVRE ALEXIS GÉRÔME JEAN-PHILIPPE", "complement_information": null, "complement_information_geographique": null,
                         "numero_libelle_voie": "1 RUE MONTORGUEIL", "lieu_dit": null, "code_postal_ville": "75002 PARIS", "pays": "FRANCE" },
            "quotient_familial": { "fournisseur": "CNAF", "valeur": 2550, "annee": 2023, "mois": 6, "annee_calcul": 2024, "mois_calcul": 12 }
          },
          "links": {},
          "meta": {}
        }
        """;

    private const string NotFoundAnswer = """
        { "errors": [{ "code": "37003", "title": "Dossier allocataire absent CNAV", "detail": "Le dossier allocataire n'a pas été trouvé auprès de la CNAV.", "source": null, "meta": { "provider": "CNAV" } }] }
        """;

    private static FamilyQuotientResult Read(int status, string body, TimeSpan? retryAfter = null) =>
        ApiParticulierAnswers.Read((HttpStatusCode)status, Encoding.UTF8.GetBytes(body), retryAfter, Now);

    [Fact]
    public void Read_200CafAnswer_FoundWithValueProviderMonthsAndRetrievalTime()
    {
        var found = Assert.IsType<FamilyQuotientResult.Found>(Read(200, CafAnswer));

        Assert.Equal(new FamilyQuotientValue(2550, QuotientProvider.Caf, new QuotientMonth(2023, 6), new QuotientMonth(2024, 12), Now), found.Quotient);
        Assert.Equal("2023-06", found.Quotient.Month.ToString());
        Assert.Equal("Found", found.Outcome);
    }

    [Theory]
    [InlineData("MSA", QuotientProvider.Msa)]
    [InlineData("CAF", QuotientProvider.Caf)]
    [InlineData("cnaf", QuotientProvider.Caf)]
    public void Read_200ProviderNamed_MapsToTheFund(string fournisseur, QuotientProvider expected)
    {
        var found = Assert.IsType<FamilyQuotientResult.Found>(Read(200, CafAnswer.Replace("\"CNAF\"", $"\"{fournisseur}\"", StringComparison.Ordinal)));

        Assert.Equal(expected, found.Quotient.Provider);
    }

    [Fact]
    public void Read_200WithoutQuotientValue_NotFound()
    {
        Assert.IsType<FamilyQuotientResult.NotFound>(Read(200, """{ "data": { "allocataires": [], "enfants": [], "quotient_familial": null }, "links": {}, "meta": {} }"""));
        Assert.IsType<FamilyQuotientResult.NotFound>(Read(200, """{ "data": { "quotient_familial": { "fournisseur": "CNAF", "valeur": null, "annee": 2024, "mois": 2 } } }"""));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("""{ "errors": [] }""")]
    [InlineData("""{ "data": { "quotient_familial": { "fournisseur": "CPAM", "valeur": 900, "annee": 2024, "mois": 2 } } }""")]
    [InlineData("""{ "data": { "quotient_familial": { "fournisseur": "MSA", "valeur": 900, "annee": 2024, "mois": 13 } } }""")]
    [InlineData("""{ "data": { "quotient_familial": { "fournisseur": "MSA", "valeur": "900", "annee": 2024, "mois": 2 } } }""")]
    public void Read_200NotTheV3Shape_UnavailableInvalidResponse(string body)
    {
        var unavailable = Assert.IsType<FamilyQuotientResult.Unavailable>(Read(200, body));

        Assert.Equal(UnavailableReason.InvalidResponse, unavailable.Reason);
    }

    [Fact]
    public void Read_404DossierAbsent_NotFound()
    {
        Assert.IsType<FamilyQuotientResult.NotFound>(Read(404, NotFoundAnswer));
    }

    [Fact]
    public void Read_422NamingParameters_IdentityRejectedWithThePivotClaimsOrTheParameter()
    {
        var rejected = Assert.IsType<FamilyQuotientResult.IdentityRejected>(Read(422, """
            { "errors": [
              { "code": "00426", "title": "Entité non traitable", "detail": "Le nom d'usage n'est pas correctement formaté.", "source": { "parameter": "nomNaissance" }, "meta": {} },
              { "code": "00210", "title": "Entité non traitable", "detail": "Le recipient n'est pas un SIRET.", "source": { "parameter": "recipient" }, "meta": {} },
              { "code": "00400", "title": "Entité non traitable", "detail": "Le jour de naissance est invalide.", "source": { "parameter": "jourDateNaissance" }, "meta": {} }
            ] }
            """));

        Assert.Equal(["family_name", "recipient", "birthdate"], rejected.Errors.Select(error => error.Field));
        Assert.Equal("Le nom d'usage n'est pas correctement formaté.", rejected.Errors[0].Detail);
    }

    [Fact]
    public void Read_422CivilityNotIdentifiedOr400Unreadable_IdentityRejected()
    {
        var notIdentified = Assert.IsType<FamilyQuotientResult.IdentityRejected>(Read(422, """{ "errors": [{ "code": "37001", "title": "Entité non traitable", "detail": "L'allocataire n'a pas pu être identifié.", "source": null, "meta": { "provider": "CNAV" } }] }"""));
        Assert.Equal("identity", Assert.Single(notIdentified.Errors).Field);
        Assert.Empty(Assert.IsType<FamilyQuotientResult.IdentityRejected>(Read(400, "<html>Bad Request</html>")).Errors);
    }

    [Theory]
    [InlineData(401, AccessDenial.TokenRejected)]
    [InlineData(403, AccessDenial.Forbidden)]
    public void Read_401Or403_AccessDenied(int status, AccessDenial reason)
    {
        Assert.Equal(reason, Assert.IsType<FamilyQuotientResult.AccessDenied>(Read(status, """{ "errors": [{ "code": "00101", "title": "Interdiction d'accès", "detail": "…", "source": null, "meta": {} }] }""")).Reason);
    }

    [Theory]
    [InlineData(429, UnavailableReason.RateLimited)]
    [InlineData(500, UnavailableReason.ProviderDown)]
    [InlineData(502, UnavailableReason.ProviderDown)]
    [InlineData(503, UnavailableReason.ProviderDown)]
    [InlineData(504, UnavailableReason.ProviderDown)]
    [InlineData(302, UnavailableReason.InvalidResponse)]
    [InlineData(418, UnavailableReason.InvalidResponse)]
    public void Read_UnavailableStatuses_UnavailableWithTheWaitGiven(int status, UnavailableReason reason)
    {
        var unavailable = Assert.IsType<FamilyQuotientResult.Unavailable>(Read(status, """{ "errors": [{ "code": "38002", "title": "Intermédiaire hors-délai", "detail": "…", "meta": { "provider": "CNAV" } }] }""", TimeSpan.FromSeconds(30)));

        Assert.Equal(reason, unavailable.Reason);
        Assert.Equal(reason == UnavailableReason.InvalidResponse ? null : TimeSpan.FromSeconds(30), unavailable.RetryAfter);
    }

    [Fact]
    public void RetryAfter_SecondsDateOrRateLimitReset_TheWait()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "30");
        Assert.Equal(TimeSpan.FromSeconds(30), ApiParticulierAnswers.RetryAfter(seconds, Now));

        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", Now.AddMinutes(2).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromMinutes(2), ApiParticulierAnswers.RetryAfter(date, Now));

        using var reset = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        reset.Headers.TryAddWithoutValidation("RateLimit-Reset", Now.AddSeconds(45).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(45), ApiParticulierAnswers.RetryAfter(reset, Now));

        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.TryAddWithoutValidation("RateLimit-Reset", Now.AddSeconds(-5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, ApiParticulierAnswers.RetryAfter(past, Now));

        using var garbled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        garbled.Headers.TryAddWithoutValidation("RateLimit-Reset", "soon");
        Assert.Null(ApiParticulierAnswers.RetryAfter(garbled, Now));

        // Every answer carries the rate-limit window: it is no wait for a fund that is down.
        using var down = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        down.Headers.TryAddWithoutValidation("RateLimit-Reset", Now.AddSeconds(45).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(ApiParticulierAnswers.RetryAfter(down, Now));
    }
}
