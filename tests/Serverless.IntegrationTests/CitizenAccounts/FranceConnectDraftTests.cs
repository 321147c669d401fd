using System.Net;
using System.Text.RegularExpressions;
using Serverless.Core.Applications;

namespace Serverless.IntegrationTests.CitizenAccounts;

/// <summary>
/// FranceConnect on a multi-step procedure (the school enrolment offers it: the parent's name and e-mail come from the
/// pivot identity) and on one that requires it, walked over HTTP against the real local provider: the identity locked
/// on its step, a draft saved while signed in found under "Mes brouillons" and resumed from there, the application filed
/// with its verified fields and listed instead of the draft; without a session a required procedure shows the button
/// and files nothing.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed partial class FranceConnectDraftTests(LocalHostFixture host)
{
    private const string Form = "/api/procedures/school-enrolment/form";

    [Fact]
    public async Task MultiStepForm_SignedInDraftSavedThenResumedFromMesDemarches_FiledWithTheVerifiedIdentity()
    {
        using var citizen = new FranceConnectWalk(host.BaseAddress);
        await citizen.SignInAsync(Form);
        var firstStep = await citizen.Http.GetStringAsync(Form);
        Assert.Contains("Connecté avec FranceConnect", firstStep, StringComparison.Ordinal);

        var values = ApplicationClient.Fields("someone-else@example.org");
        using var created = await citizen.Http.PostAsync("/api/procedures/school-enrolment/drafts", Step(values, ["childFirstName", "childLastName", "childBirthDate", "schoolYear", "school"], ("step", "1")));
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var parentStep = await citizen.Http.GetStringAsync(created.Headers.Location);

        // The parent's step: name and e-mail from FranceConnect, locked; what the draft would have said is not shown.
        var parentName = LockedValue(parentStep, "parentName");
        var parentEmail = LockedValue(parentStep, "parentEmail");
        Assert.Contains("DUPONT", parentName, StringComparison.Ordinal);
        Assert.DoesNotContain("someone-else", parentStep, StringComparison.Ordinal);

        // A changed verified value is refused on its step, and the draft keeps nothing of it.
        var draftAddress = created.Headers.Location!.ToString().Split('?')[0];
        values["parentName"] = "Quelqu'un d'autre";
        using (var changed = await citizen.Http.PostAsync(draftAddress, Step(values, ["parentName", "parentEmail", "parentPhone"], ("step", "2"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
            Assert.Contains("vient de FranceConnect", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        values["parentName"] = parentName;
        values["parentEmail"] = parentEmail;
        using (var saved = await citizen.Http.PostAsync(draftAddress, Step(values, ["parentName", "parentEmail", "parentPhone"], ("step", "2"), ("action", "save"))))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        // "Mes démarches": the draft, with its resume link (no e-mail asked for it).
        var mine = await citizen.Http.GetStringAsync("/api/citizen");
        Assert.Contains("Mes brouillons", mine, StringComparison.Ordinal);
        var resume = WebUtility.HtmlDecode(ResumeLink().Match(mine).Groups["href"].Value);
        Assert.StartsWith("/api/procedures/school-enrolment/drafts/", resume, StringComparison.Ordinal);
        using var opened = await citizen.Http.GetAsync(resume);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("Étape 3 sur 3", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var address = ApplicationClient.Multipart(Only(values, "addressLine", "postalCode", "city"));
        address.Add(new StringContent("3"), "step");
        using (var third = await citizen.Http.PostAsync(draftAddress, address))
        {
            Assert.Equal(HttpStatusCode.SeeOther, third.StatusCode);
        }

        using var sent = await citizen.Http.PostAsync(draftAddress, new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "submit" }));
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        var reference = ReferenceIn().Match(sent.Headers.Location!.ToString()).Value;
        var record = await host.Services.Get<ApplicationRepository>().FindAsync(reference, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(["parentEmail", "parentName"], record.VerifiedFieldNames.Order(StringComparer.Ordinal));
        Assert.NotNull(record.CitizenSub);

        // The application is listed; the draft it came from is not any more.
        var after = await citizen.Http.GetStringAsync("/api/citizen");
        Assert.Contains(reference, after, StringComparison.Ordinal);
        Assert.DoesNotContain("Mes brouillons", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequiredSignIn_WithoutSession_ButtonOnlyAndNothingFiled_ThenSignedInFiledVerified()
    {
        const string required = "/api/procedures/full-copy-birth-certificate";
        using var citizen = new FranceConnectWalk(host.BaseAddress);
        var page = await citizen.Http.GetStringAsync(required + "/form");
        Assert.Contains("demande de vous identifier avec FranceConnect", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/applications\"", page, StringComparison.Ordinal);

        var filing = new Dictionary<string, string> { ["givenNames"] = "Jean", ["birthName"] = "DUPONT", ["birthDate"] = "1962-08-24", ["contactEmail"] = "jean@example.org", ["copies"] = "1" };
        using (var refused = await host.Client().PostAsync(required + "/applications", System.Net.Http.Json.JsonContent.Create(filing)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        await citizen.SignInAsync(required + "/form");
        var form = await citizen.Http.GetStringAsync(required + "/form");
        foreach (var name in new[] { "givenNames", "birthName", "birthDate", "contactEmail" })
        {
            filing[name] = LockedValue(form, name);
        }

        using var filed = await citizen.Http.PostAsync(required + "/applications", new FormUrlEncodedContent(filing));
        Assert.Equal(HttpStatusCode.SeeOther, filed.StatusCode);
        var record = await host.Services.Get<ApplicationRepository>().FindAsync(ReferenceIn().Match(filed.Headers.Location!.ToString()).Value, CancellationToken.None);
        Assert.Equal(["birthDate", "birthName", "contactEmail", "givenNames"], record!.VerifiedFieldNames.Order(StringComparer.Ordinal));
    }

    /// <summary>A step's form: the named fields' values and the form's own fields (step, action).</summary>
    private static FormUrlEncodedContent Step(Dictionary<string, string> values, string[] names, params (string Name, string Value)[] extra)
    {
        var fields = Only(values, names);
        foreach (var (name, value) in extra)
        {
            fields[name] = value;
        }

        return new FormUrlEncodedContent(fields);
    }

    private static Dictionary<string, string> Only(Dictionary<string, string> values, params string[] names) =>
        names.ToDictionary(name => name, name => values[name], StringComparer.Ordinal);

    /// <summary>The value of a field the page shows locked (read-only, marked "vérifié FranceConnect").</summary>
    private static string LockedValue(string html, string name)
    {
        var input = Regex.Match(html, $"<input[^>]* readonly name=\"{name}\"[^>]*>");
        Assert.True(input.Success, $"{name} is not locked on the page.");
        return WebUtility.HtmlDecode(Regex.Match(input.Value, "value=\"(?<v>[^\"]*)\"").Groups["v"].Value);
    }

    [GeneratedRegex("href=\"(?<href>/api/procedures/school-enrolment/drafts/[^\"]+)\"")]
    private static partial Regex ResumeLink();

    [GeneratedRegex("[A-Z]{2,6}-20[0-9]{2}-[0-9A-Z]{6}")]
    private static partial Regex ReferenceIn();
}
