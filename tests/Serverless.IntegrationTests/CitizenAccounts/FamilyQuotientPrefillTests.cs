using System.Net;
using System.Text.RegularExpressions;
using Serverless.Core.Applications;

namespace Serverless.IntegrationTests.CitizenAccounts;

/// <summary>
/// "Dites-le-nous une fois" on the canteen form, against the real local FranceConnect provider and the API Particulier
/// simulator: a signed-in citizen who consents gets the family quotient filled in, locked, with its source and date;
/// the application records them and asks no proof; without consent nothing is fetched; a changed value is refused;
/// a citizen who types the quotient must attach the certificate.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed partial class FamilyQuotientPrefillTests(LocalHostFixture host)
{
    private const string Form = "/api/procedures/canteen-after-school/form";
    private const string Submit = "/api/procedures/canteen-after-school/applications";
    private const string Fetch = "/api/procedures/canteen-after-school/family-quotient";

    [Fact]
    public async Task SignedInCitizenConsents_QuotientFilledLockedWithItsSource_FiledWithoutProof()
    {
        using var citizen = new FranceConnectWalk(host.BaseAddress);
        await citizen.SignInAsync(Form);
        var page = await citizen.Http.GetStringAsync(Form);
        Assert.Contains("J'accepte que la commune obtienne mon quotient familial", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        var token = Csrf().Match(page).Groups["token"].Value;

        // No consent ticked: nothing is asked of API Particulier.
        using (var refused = await citizen.Http.PostAsync(Fetch, new FormUrlEncodedContent([KeyValuePair.Create("_csrf", token)])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var fetched = await citizen.Http.PostAsync(Fetch, new FormUrlEncodedContent([KeyValuePair.Create("_csrf", token), KeyValuePair.Create("consent", "yes")])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, fetched.StatusCode);
        }

        var filled = WebUtility.HtmlDecode(await citizen.Http.GetStringAsync(Form));
        Assert.Matches("<input[^>]* readonly name=\"familyQuotient\"[^>]*value=\"2550\"", filled);
        Assert.Contains("obtenu de la CAF via API Particulier (quotient de 02/2024", filled, StringComparison.Ordinal);

        // A changed value is refused; the value as given is filed with no proof.
        using (var changed = await citizen.Http.PostAsync(Submit, Canteen(filled, quotient: "400")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
            Assert.Contains("vient de l'administration", WebUtility.HtmlDecode(await changed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using var filed = await citizen.Http.PostAsync(Submit, Canteen(filled, quotient: "2550"));
        Assert.Equal(HttpStatusCode.SeeOther, filed.StatusCode);
        var record = await host.Services.Get<ApplicationRepository>().FindAsync(Reference().Match(filed.Headers.Location!.ToString()).Value, CancellationToken.None);
        Assert.Contains("familyQuotient", record!.VerifiedFieldNames);
        Assert.StartsWith("obtenu de la CAF via API Particulier", record.VerifiedNoteByField["familyQuotient"], StringComparison.Ordinal);
        Assert.DoesNotContain(record.Attachments, attachment => attachment.FieldName == "familyQuotientProof");
    }

    [Fact]
    public async Task QuotientTypedWithoutSigningIn_WithoutItsCertificate_IsRefusedOnTheProofField()
    {
        using var browser = host.Client("text/html");
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(Form));
        Assert.DoesNotContain("J'accepte que la commune obtienne", page, StringComparison.Ordinal);

        using var typed = await browser.PostAsync(Submit, Canteen(page, quotient: "450", parent: ("Karim Moreau", ApplicationClient.NewCitizenEmail())));
        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
        Assert.Contains("Joignez l'attestation de quotient familial", WebUtility.HtmlDecode(await typed.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var fullPrice = await browser.PostAsync(Submit, Canteen(page, quotient: string.Empty, parent: ("Karim Moreau", ApplicationClient.NewCitizenEmail())));
        Assert.Equal(HttpStatusCode.SeeOther, fullPrice.StatusCode);
    }

    /// <summary>The canteen's form as a browser posts it; the parent's name and e-mail as the page shows them (locked when signed in).</summary>
    private static FormUrlEncodedContent Canteen(string page, string quotient, (string Name, string Email)? parent = null)
    {
        var year = DateTime.UtcNow.Month >= 9 ? DateTime.UtcNow.Year : DateTime.UtcNow.Year - 1;
        var (name, email) = parent ?? (Value(page, "parentName"), Value(page, "parentEmail"));
        return new FormUrlEncodedContent(
        [
            KeyValuePair.Create("childFirstName", "Inès"),
            KeyValuePair.Create("childLastName", "Moreau"),
            KeyValuePair.Create("childBirthDate", $"{year - 7}-03-14"),
            KeyValuePair.Create("schoolYear", $"{year}-{year + 1}"),
            KeyValuePair.Create("school", "ecole-jules-ferry"),
            KeyValuePair.Create("services", "cantine"),
            KeyValuePair.Create("days", "lundi"),
            KeyValuePair.Create("dietaryRequirements", "no"),
            KeyValuePair.Create("familyQuotient", quotient),
            KeyValuePair.Create("parentName", name),
            KeyValuePair.Create("parentEmail", email),
            KeyValuePair.Create("parentPhone", "06 12 34 56 78"),
        ]);
    }

    private static string Value(string page, string field) =>
        Regex.Match(Regex.Match(page, $"<input[^>]* name=\"{field}\"[^>]*>").Value, "value=\"(?<v>[^\"]*)\"").Groups["v"].Value;

    [GeneratedRegex("name=\"_csrf\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Csrf();

    [GeneratedRegex("[A-Z]{2,6}-20[0-9]{2}-[0-9A-Z]{6}")]
    private static partial Regex Reference();
}
