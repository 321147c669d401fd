using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Tests.Fixtures;

namespace Serverless.Core.Tests;

/// <summary>Every rule type of the form engine, accepted and refused, in both languages, on the fixture-only procedure.</summary>
public sealed class FormEngineTests
{
    private static readonly Lazy<ProcedureCatalog> Catalog = new(() => CatalogueLoader.Load(FixtureCatalogue.CreateFolder()));
    private static readonly byte[] Pdf = "%PDF-1.7\n"u8.ToArray();
    private readonly SubmissionValidator validator = new(new FixedClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)));

    private static ProcedureDefinition Procedure => Catalog.Value.Find(FixtureCatalogue.FixtureProcedureId)!;

    private static Dictionary<string, string> Valid() => new()
    {
        ["organiserName"] = "Zoé Lambert",
        ["organiserEmail"] = "zoe@example.org",
        ["streetName"] = "rue des Écoles",
        ["postalCode"] = "30000",
        ["partyDate"] = "2026-06-21",
        ["guests"] = "40",
        ["activities"] = "musique",
        ["roadClosure"] = "non",
    };

    private ValidationResult Validate(Dictionary<string, string> fields, Dictionary<string, IReadOnlyList<string>>? repeated = null, params UploadedFile[] files) =>
        validator.Validate(Procedure, new RawSubmission(fields, files) { Repeated = repeated ?? [] }, ["30000"]);

    private FieldError ErrorFor(string field, string value)
    {
        var fields = Valid();
        fields[field] = value;
        return Assert.Single(Validate(fields).Errors, error => error.Field == field);
    }

    [Fact]
    public void Validate_ValidFixtureApplication_IsAcceptedAndNormalised()
    {
        var result = Validate(Valid());

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(error => error.Message.En)));
        Assert.Equal("no", result.Values["roadClosure"]);
        Assert.Equal("40", result.Values["guests"]);
    }

    [Theory]
    [InlineData("organiserName", "Zo", "at least 3", "au moins 3")]
    [InlineData("guests", "4", "between 5 and 500", "entre 5 et 500")]
    [InlineData("guests", "beaucoup", "must be a number", "doit être un nombre")]
    [InlineData("roadClosure", "peut-être", "answer yes or no", "répondez oui ou non")]
    [InlineData("permitCode", "1234", "looks like FET-1234", "ressemble à FET-1234")]
    [InlineData("activities", "feu-d-artifice", "not offered", "non proposée")]
    [InlineData("streetName", "rue\u0000", "not allowed", "non autorisés")]
    public void Validate_RuleBroken_ExplainsInBothLanguages(string field, string value, string english, string french)
    {
        var error = ErrorFor(field, value);

        Assert.Contains(english, error.Message.En, StringComparison.Ordinal);
        Assert.Contains(french, error.Message.Fr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DecimalWithFrenchComma_IsUnderstood()
    {
        var fields = Valid();
        fields["guests"] = "12,0";

        Assert.Equal("12.0", Validate(fields).Values["guests"]);
    }

    [Fact]
    public void Validate_SeveralCheckboxes_AreKeptInDefinitionOrder()
    {
        var fields = Valid();
        fields.Remove("activities");

        var result = Validate(fields, new() { ["activities"] = ["jeux", "musique", "jeux"] });

        Assert.Equal("musique,jeux", result.Values["activities"]);
    }

    [Fact]
    public void Validate_SeveralValuesForASingleField_IsRefused()
    {
        var fields = Valid();
        fields.Remove("streetName");

        var result = Validate(fields, new() { ["streetName"] = ["rue A", "rue B"] });

        Assert.Contains(result.Errors, error => error.Field == "streetName" && error.Message.En.Contains("single value", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ConditionalFieldWhenConditionHolds_IsRequired()
    {
        var fields = Valid();
        fields["roadClosure"] = "oui";

        var error = Assert.Single(Validate(fields).Errors);

        Assert.Equal("closureHours", error.Field);
        Assert.Contains("is required", error.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConditionalFieldWhenConditionDoesNotHold_IsDropped()
    {
        var fields = Valid();
        fields["closureHours"] = "14h-23h";

        var result = Validate(fields);

        Assert.True(result.IsValid);
        Assert.False(result.Values.ContainsKey("closureHours"));
    }

    [Fact]
    public void Validate_RequiredIfOnACheckbox_AsksForTheFile()
    {
        var fields = Valid();
        fields.Remove("activities");
        var repeated = new Dictionary<string, IReadOnlyList<string>> { ["activities"] = ["musique", "buvette"] };

        Assert.Equal("insurance", Assert.Single(Validate(fields, repeated).Errors).Field);
        Assert.True(Validate(fields, repeated, new UploadedFile("insurance", "assurance.pdf", Pdf)).IsValid);
    }

    [Fact]
    public void Validate_FileOverTheDefinitionsLimit_IsRefused()
    {
        var large = new byte[(1024 * 1024) + 1];
        Pdf.CopyTo(large, 0);

        var result = Validate(Valid(), null, new UploadedFile("insurance", "assurance.pdf", large));

        Assert.Contains("exceeds 1 MB", Assert.Single(result.Errors).Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownAndOverlongFields_AreBothReported()
    {
        var fields = Valid();
        fields["sponsor"] = "x";
        fields["remarks"] = new string('r', 501);

        var errors = Validate(fields).Errors;

        Assert.Contains(errors, error => error.Field == "sponsor" && error.Message.Fr == "« sponsor » : champ inconnu pour cette démarche.");
        Assert.Contains(errors, error => error.Field == "remarks" && error.Message.En.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public void Display_CheckboxesAndYesNo_ReadAsWords()
    {
        Assert.Equal("Musique, Jeux pour enfants", ApplicationSummary.Display(Procedure.Field("activities")!, "musique,jeux", Serverless.Platform.Localization.Language.French));
        Assert.Equal("Yes", ApplicationSummary.Display(Procedure.Field("roadClosure")!, "yes", Serverless.Platform.Localization.Language.English));
    }
}
