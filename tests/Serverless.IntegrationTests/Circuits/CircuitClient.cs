using System.Net;
using System.Text.RegularExpressions;
using Serverless.Core.Addresses;

namespace Serverless.IntegrationTests.Circuits;

/// <summary>What the people of a signature circuit do, over HTTP as their browser would (forms from the e-mails' links).</summary>
internal static class CircuitClient
{
    public const string Procedure = "social-aid-request";
    public const string Title = "Demande d'aide sociale facultative (CCAS)";

    /// <summary>An emergency aid request (the shipped procedure's circuit applies to it).</summary>
    public static async Task<Receipt> SubmitEmergencyAidAsync(HttpClient api, string email, string firstName = "Ysoline", string lastName = "Durand", string situation = "Incendie du logement.")
    {
        var fields = new Dictionary<string, string>
        {
            ["applicantFirstName"] = firstName,
            ["applicantLastName"] = lastName,
            ["birthDate"] = "1980-03-14",
            ["email"] = email,
            ["phone"] = "06 12 34 56 78",
            ["addressLine"] = "8 impasse des Tilleuls",
            ["postalCode"] = "30000",
            ["city"] = "Saint-Exemple",
            ["householdSize"] = "3",
            ["monthlyIncome"] = "950",
            ["aidType"] = "secours-exceptionnel",
            ["situation"] = situation,
        };
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(ApplicationClient.ProofPdf);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        content.Add(file, "incomeProofs", "avis-imposition.pdf");
        return await ApplicationClient.SubmitAsync(api, content, "/api/" + Routes.SubmitPath(Procedure));
    }

    /// <summary>Posts an action from a circuit link; the page must answer <paramref name="expected"/>.</summary>
    public static async Task PostAsync(HttpClient browser, string link, HttpStatusCode expected, params (string Name, string Value)[] fields)
    {
        using var response = await browser.PostAsync(link, new FormUrlEncodedContent(fields.Select(field => KeyValuePair.Create(field.Name, field.Value))));
        Assert.True(response.StatusCode == expected, $"{link}: {(int)response.StatusCode} {WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())}");
    }

    /// <summary>Asks the signature's code from the page and reads it from the e-mail that brings it.</summary>
    public static async Task<string> CodeAsync(HttpClient browser, Mailbox mailbox, string link, string signatory, string reference)
    {
        using (var sent = await browser.PostAsync(link + "/code", new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var mail = await mailbox.WaitForAsync(signatory, $"Code de signature – {reference}");
        return Regex.Match(mail.Text, @"\b(\d{6})\b").Groups[1].Value;
    }
}
