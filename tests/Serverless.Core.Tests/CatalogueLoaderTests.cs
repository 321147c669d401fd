using System.Text.Json.Nodes;
using Serverless.Core.Procedures;
using Serverless.Tests.Fixtures;

namespace Serverless.Core.Tests;

public sealed class CatalogueLoaderTests : IDisposable
{
    private readonly string folder = FixtureCatalogue.CreateFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string ProcedureFile(string id) => Path.Combine(folder, "procedures", id + ".json");

    /// <summary>Edits a copy of the fixture procedure, as a commune's staff would, and loads the catalogue.</summary>
    private CatalogueException LoadAfterEditing(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId)))!.AsObject();
        edit(json);
        File.WriteAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId), json.ToJsonString());
        return Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder));
    }

    [Fact]
    public void Load_ShippedCatalogue_OffersFiveProceduresInSaintExempleAndOneInVilleneuve()
    {
        var catalog = TestCatalogue.Shipped;

        Assert.Equal(
            ["birth-certificate-request", "canteen-after-school", "library-membership", "school-enrolment", "social-aid-request"],
            catalog.All.Where(procedure => procedure.CommuneId == "saint-exemple").Select(procedure => procedure.Id).Order());
        Assert.Equal("villeneuve-sur-gard", Assert.Single(catalog.All, procedure => procedure.Id == "villeneuve-school-enrolment").CommuneId);
        Assert.All(catalog.All, procedure => Assert.NotEmpty(catalog.ReviewersOf(procedure)));
    }

    [Fact]
    public void Load_FixtureProcedure_IsMappedFromJson()
    {
        var procedure = CatalogueLoader.Load(folder).Find(FixtureCatalogue.FixtureProcedureId)!;

        Assert.Equal(3, procedure.Version);
        Assert.Equal(ChoiceDisplay.Checkboxes, procedure.Field("activities")!.Display);
        var condition = procedure.Field("closureHours")!.ShowIf!;
        Assert.Equal("roadClosure", condition.Field);
        Assert.Equal(["yes"], condition.In);
        Assert.Equal(1024 * 1024, procedure.Field("insurance")!.Files!.MaxBytes);
        Assert.Equal(1, procedure.Review.ReminderAfterDays);
        Assert.Equal(SilenceMeans.None, procedure.Legal.SilenceMeans);
    }

    [Fact]
    public void Load_WrongTypeInDefinition_NamesFilePathAndProblem()
    {
        var error = LoadAfterEditing(json => json["fields"]![0]!["maxLength"] = "long");

        var problem = Assert.Single(error.Problems);
        Assert.Contains("street-party-permit.json", problem, StringComparison.Ordinal);
        Assert.Contains("$.fields[0].maxLength", problem, StringComparison.Ordinal);
        Assert.Contains("integer", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_MissingRequiredProperty_IsRefused()
    {
        var error = LoadAfterEditing(json => json.Remove("legal"));

        Assert.True(error.Problems.Any(problem => problem.Contains("legal", StringComparison.Ordinal) && problem.Contains("street-party-permit.json", StringComparison.Ordinal)), string.Join(Environment.NewLine, error.Problems));
    }

    [Fact]
    public void Load_UnknownPropertyFromATypo_IsRefused()
    {
        var error = LoadAfterEditing(json => json["fields"]![0]!["requried"] = true);

        Assert.Contains(error.Problems, problem => problem.Contains("$.fields[0]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("showIf", "$.fields[10].showIf.field")]
    [InlineData("certificate", "$.certificate.fields[0]")]
    [InlineData("holder", "$.holderFields[0]")]
    public void Load_ReferenceToAMissingField_IsRefused(string where, string path)
    {
        var error = LoadAfterEditing(json =>
        {
            switch (where)
            {
                case "showIf":
                    json["fields"]![10]!["showIf"]!["field"] = "roadClosed";
                    break;
                case "certificate":
                    json["certificate"]!["fields"]![0] = "organizerName";
                    break;
                default:
                    json["holderFields"]![0] = "nobody";
                    break;
            }
        });

        Assert.Contains(error.Problems, problem => problem.Contains(path, StringComparison.Ordinal) && problem.Contains("no field is named", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("#ffcc00")]
    [InlineData("#6f9fd8")]
    public void Load_CommuneColourTooPaleForWhiteText_IsRefusedWithTheContrast(string colour)
    {
        var communeFile = Path.Combine(folder, "communes", "saint-exemple.json");
        var commune = JsonNode.Parse(File.ReadAllText(communeFile))!.AsObject();
        commune["theme"] = new JsonObject { ["colour"] = colour };
        File.WriteAllText(communeFile, commune.ToJsonString());

        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder));

        Assert.Contains(error.Problems, problem => problem.Contains("$.theme.colour", StringComparison.Ordinal) && problem.Contains("4.5:1", StringComparison.Ordinal) && problem.Contains(colour, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ShippedCommunes_HaveADepartmentAndAColourThatCarriesWhiteText()
    {
        var catalogue = TestCatalogue.Shipped;

        Assert.All(catalogue.Communes, commune =>
        {
            Assert.StartsWith("Département ", commune.Department, StringComparison.Ordinal);
            Assert.True(ThemeColour.ContrastWithWhite(commune.Colour) >= 4.5, $"{commune.Id}: {commune.Colour}");
        });
    }

    [Fact]
    public void Load_StepsThatLeaveAFieldOutOrNameAnUnknownOne_AreRefused()
    {
        var error = LoadAfterEditing(json => json["steps"] = JsonNode.Parse("""
            [{ "id": "one", "title": { "fr": "Un", "en": "One" }, "fields": ["organiserName", "nope"] },
             { "id": "two", "title": { "fr": "Deux", "en": "Two" }, "fields": ["organiserName"] }]
            """));

        Assert.Contains(error.Problems, problem => problem.Contains("$.steps[0].fields[1]", StringComparison.Ordinal) && problem.Contains("'nope'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Contains("$.steps[1].fields[0]", StringComparison.Ordinal) && problem.Contains("already in step 'one'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, problem => problem.Contains("'organiserEmail' is in no step", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SchoolEnrolment_HasThreeStepsHoldingEveryField()
    {
        var procedure = TestCatalogue.Shipped.Find("school-enrolment")!;

        Assert.Equal(["child", "parent", "address"], procedure.Steps.Select(step => step.Id));
        Assert.Equal(procedure.Fields.Select(field => field.Name).Order(), procedure.Steps.SelectMany(step => step.Fields).Order());
        Assert.Equal(30, procedure.DraftLifetimeDays);
    }

    [Fact]
    public void Load_UnknownCommune_IsRefused()
    {
        var error = LoadAfterEditing(json => json["commune"] = "atlantis");

        Assert.Contains(error.Problems, problem => problem.Contains("$.commune", StringComparison.Ordinal) && problem.Contains("atlantis", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ProcedureNobodyCanReview_IsRefusedAtLoadNotMidWorkflow()
    {
        var error = LoadAfterEditing(json =>
        {
            var review = json["review"]!.AsObject();
            review.Remove("role");
            review["reviewers"] = new JsonArray();
        });

        Assert.Contains(error.Problems, problem => problem.Contains("$.review", StringComparison.Ordinal) && problem.Contains("no reviewer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void Load_RetentionOutsideOneToSixtyMonths_IsRefused(int months)
    {
        var error = LoadAfterEditing(json => json["retentionMonths"] = months);

        Assert.Contains(error.Problems, problem => problem.Contains("retentionMonths", StringComparison.Ordinal) && problem.Contains("street-party-permit.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_IdentityClaimOnAProcedureWithoutSignIn_IsRefused()
    {
        var error = LoadAfterEditing(json => json["fields"]![0]!["identityClaim"] = "family_name");

        Assert.Contains(error.Problems, problem => problem.Contains("$.fields[0].identityClaim", StringComparison.Ordinal) && problem.Contains("citizenSignIn is none", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_IdentityClaimInAFieldOfAnotherType_IsRefused()
    {
        var error = LoadAfterEditing(json =>
        {
            json["citizenSignIn"] = "offered";
            json["fields"]![1]!["identityClaim"] = "birthdate";
        });

        Assert.Contains(error.Problems, problem => problem.Contains("$.fields[1].identityClaim", StringComparison.Ordinal) && problem.Contains("type date, not email", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SignInOnAProcedureWithSteps_IsAcceptedWithAFullNameField()
    {
        var json = JsonNode.Parse(File.ReadAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId)))!.AsObject();
        json["citizenSignIn"] = "required";
        json["fields"]![0]!["identityClaim"] = "full_name";
        json["steps"] = JsonNode.Parse("""
            [{ "id": "one", "title": { "fr": "Un", "en": "One" }, "fields": ["organiserName"] },
             { "id": "two", "title": { "fr": "Deux", "en": "Two" }, "fields": ["organiserEmail", "organiserPhone", "streetName", "postalCode", "partyDate", "guests", "permitCode", "activities", "roadClosure", "closureHours", "insurance", "remarks"] }]
            """);
        File.WriteAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId), json.ToJsonString());

        var procedure = CatalogueLoader.Load(folder).Find(FixtureCatalogue.FixtureProcedureId)!;

        Assert.True(procedure.IsMultiStep);
        Assert.Equal(CitizenSignIn.Required, procedure.CitizenSignIn);
        Assert.Equal("full_name", procedure.Field("organiserName")!.IdentityClaim);
    }

    [Fact]
    public void Load_SignInOfferedWithMappedFields_IsMappedAndOtherProceduresOfferNone()
    {
        var json = JsonNode.Parse(File.ReadAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId)))!.AsObject();
        json["citizenSignIn"] = "offered";
        json["fields"]![0]!["identityClaim"] = "family_name";
        json["fields"]![1]!["identityClaim"] = "email";
        File.WriteAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId), json.ToJsonString());

        var catalog = CatalogueLoader.Load(folder);
        var procedure = catalog.Find(FixtureCatalogue.FixtureProcedureId)!;

        Assert.Equal(CitizenSignIn.Offered, procedure.CitizenSignIn);
        Assert.Equal(["organiserName", "organiserEmail"], procedure.IdentityFields.Select(field => field.Name));
        Assert.Equal("email", procedure.Field("organiserEmail")!.IdentityClaim);
        Assert.Equal(CitizenSignIn.None, catalog.Find("birth-certificate-request")!.CitizenSignIn);
    }

    [Fact]
    public void Load_NoRetentionGiven_KeepsTwelveMonths()
    {
        var json = JsonNode.Parse(File.ReadAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId)))!.AsObject();
        json.Remove("retentionMonths");
        File.WriteAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId), json.ToJsonString());

        var procedure = CatalogueLoader.Load(folder).Find(FixtureCatalogue.FixtureProcedureId)!;

        Assert.Equal(12, procedure.RetentionMonths);
    }

    [Fact]
    public void Load_DecisionDeadlineInMonths_IsReadAsCalendarMonthsWithItsCorrectionEffect()
    {
        var json = JsonNode.Parse(File.ReadAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId)))!.AsObject();
        var legal = json["legal"]!.AsObject();
        legal.Remove("decisionDeadlineDays");
        legal["decisionDeadline"] = JsonNode.Parse("""{ "months": 2 }""");
        legal["correctionEffect"] = "restarts";
        File.WriteAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId), json.ToJsonString());

        var procedure = CatalogueLoader.Load(folder).Find(FixtureCatalogue.FixtureProcedureId)!;

        Assert.Equal(Serverless.Core.Deadlines.LegalPeriod.OfMonths(2), procedure.Legal.DecisionDeadline);
        Assert.Equal(Serverless.Core.Deadlines.CorrectionEffect.Restarts, procedure.Legal.CorrectionEffect);
    }

    [Fact]
    public void Load_OlderDecisionDeadlineDays_IsStillReadAsDaysThatSuspend()
    {
        var procedure = CatalogueLoader.Load(folder).Find(FixtureCatalogue.FixtureProcedureId)!;

        // The fixture keeps the older field, as published snapshots and communes' own files do.
        Assert.Equal(Serverless.Core.Deadlines.LegalPeriod.OfDays(21), procedure.Legal.DecisionDeadline);
        Assert.Equal(Serverless.Core.Deadlines.CorrectionEffect.Suspends, procedure.Legal.CorrectionEffect);
    }

    [Theory]
    [InlineData("""{ "months": 2 }""", true)]
    [InlineData("""{ "months": 0, "days": 0 }""", false)]
    [InlineData(null, false)]
    public void Load_BothDeadlineFormsZeroOrNeither_IsRefused(string? period, bool keepDays)
    {
        var error = LoadAfterEditing(json =>
        {
            var legal = json["legal"]!.AsObject();
            if (!keepDays)
            {
                legal.Remove("decisionDeadlineDays");
            }

            if (period is not null)
            {
                legal["decisionDeadline"] = JsonNode.Parse(period);
            }
        });

        Assert.True(error.Problems.Any(problem => problem.Contains("legal", StringComparison.Ordinal) && problem.Contains("street-party-permit.json", StringComparison.Ordinal)), string.Join(Environment.NewLine, error.Problems));
    }

    [Fact]
    public void Load_InvalidRegularExpression_IsRefused()
    {
        var error = LoadAfterEditing(json => json["fields"]![7]!["pattern"] = "FET-[0-9");

        Assert.Contains(error.Problems, problem => problem.Contains("$.fields[7].pattern", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BrokenJson_GivesTheLine()
    {
        File.WriteAllText(ProcedureFile(FixtureCatalogue.FixtureProcedureId), "{\n  \"id\": \"street-party-permit\",\n  \"version\": 1,,\n}");

        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder));

        Assert.Contains(error.Problems, problem => problem.Contains("line 3", StringComparison.Ordinal) && problem.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SameIdInTwoFiles_IsRefused()
    {
        File.Copy(ProcedureFile(FixtureCatalogue.FixtureProcedureId), ProcedureFile("copy-of-street-party"));

        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder));

        Assert.Contains(error.Problems, problem => problem.Contains("already used", StringComparison.Ordinal));
    }
}
