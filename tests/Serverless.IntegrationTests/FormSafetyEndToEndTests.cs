using System.Net;
using System.Text.RegularExpressions;
using Serverless.Core.Edge;
using Serverless.Core.Submission;

namespace Serverless.IntegrationTests;

/// <summary>The no-JavaScript form: a double post files one application, and a link cannot choose the contact address.</summary>
[Collection(LocalHostGroup.Name)]
public sealed partial class FormSafetyEndToEndTests(LocalHostFixture host)
{
    private const string Form = "/api/procedures/library-membership/form";
    private const string Submit = "/api/procedures/library-membership/applications";

    private static FormUrlEncodedContent Membership(string key, string email) => new(new Dictionary<string, string>
    {
        ["memberFirstName"] = "Zoé",
        ["memberLastName"] = "Martin",
        ["birthDate"] = "1980-01-01",
        ["email"] = email,
        ["addressLine"] = "3 rue des Lilas",
        ["postalCode"] = "30000",
        ["city"] = "Saint-Exemple",
        ["membershipType"] = "adulte",
        [FormGuard.SubmissionKeyField] = key,
        ["lang"] = "fr",
    });

    [Fact]
    public async Task FormPage_SameFormPostedTwice_FilesOneApplication()
    {
        using var browser = host.Client("text/html");
        var page = await browser.GetStringAsync(Form);
        var key = KeyField().Match(page).Groups[1].Value;
        Assert.Matches("^[A-Za-z0-9_-]{22}$", key);
        using var api = host.Client();
        var email = ApplicationClient.NewCitizenEmail();

        var first = await ApplicationClient.SubmitAsync(api, Membership(key, email), Submit);
        await Task.Delay(200);
        var second = await ApplicationClient.SubmitAsync(api, Membership(key, email), Submit);

        Assert.Equal(first.Reference, second.Reference);
        var other = KeyField().Match(await browser.GetStringAsync(Form)).Groups[1].Value;
        Assert.NotEqual(key, other);
    }

    [Fact]
    public async Task FormPage_ContactAddressInTheQueryString_IsNotPrefilled()
    {
        using var browser = host.Client("text/html");

        var page = await browser.GetStringAsync(Form + "?memberFirstName=Zo%C3%A9&email=author%40attacker.example");

        Assert.Contains("value=\"Zoé\"", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        var emailInput = EmailInput().Match(page).Value;
        Assert.NotEmpty(emailInput);
        Assert.DoesNotContain("value=", emailInput, StringComparison.Ordinal);
    }

    [GeneratedRegex("<input[^>]*name=\"email\"[^>]*>")]
    private static partial Regex EmailInput();

    [GeneratedRegex("name=\"_key\" value=\"([^\"]+)\"")]
    private static partial Regex KeyField();
}
