using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Http;

namespace Serverless.Core.Tests;

public sealed class SubmissionValidatorTests
{
    private static readonly string[] CommunePostalCodes = ["30000", "30900"];

    // 28 November 2026: the open school years are 2026-2027 and 2027-2028.
    private readonly SubmissionValidator validator = new(new FixedClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)));

    private ValidationResult Validate(RawSubmission submission) =>
        validator.Validate(TestCatalogue.SchoolEnrolment, submission, CommunePostalCodes);

    private static FieldError Single(ValidationResult result, string field) =>
        Assert.Single(result.Errors, error => error.Field == field);

    [Fact]
    public void Validate_CompleteApplication_AcceptsAndNormalisesValues()
    {
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["childFirstName"] = "  Le\u0301a  ";
        fields["childBirthDate"] = "04/05/2020";
        fields["parentPhone"] = "+33 6 12 34 56 78";

        var result = Validate(SchoolEnrolmentSamples.Submission(fields));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(error => error.Message.En)));
        Assert.Equal("Léa", result.Values["childFirstName"]);
        Assert.Equal("2020-05-04", result.Values["childBirthDate"]);
        Assert.Equal("+33612345678", result.Values["parentPhone"]);
        var file = Assert.Single(result.Files);
        Assert.Equal(FileType.Pdf, file.Type);
    }

    [Fact]
    public void Validate_MissingRequiredField_ExplainsInFrenchAndEnglish()
    {
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields.Remove("parentName");

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(fields)), "parentName");

        Assert.Equal("« Nom et prénom du responsable légal » est obligatoire.", error.Message.Fr);
        Assert.Equal("\"Parent or guardian's full name\" is required.", error.Message.En);
    }

    [Fact]
    public void Validate_UnknownField_IsRefused()
    {
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["isAdmin"] = "true";

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(fields)), "isAdmin");

        Assert.Equal("\"isAdmin\": unknown field for this procedure.", error.Message.En);
    }

    [Fact]
    public void Validate_OverlongValue_IsRefusedWithTheLimit()
    {
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["childLastName"] = new string('a', 101);

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(fields)), "childLastName");

        Assert.Contains("100", error.Message.Fr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parentEmail", "claire.martin@", "valid e-mail")]
    [InlineData("parentPhone", "12345", "French phone number")]
    [InlineData("postalCode", "3000", "5 digits")]
    [InlineData("postalCode", "75001", "must be in the commune")]
    [InlineData("school", "ecole-privee", "not offered")]
    [InlineData("schoolYear", "2025-2026", "not offered")]
    [InlineData("childBirthDate", "31/02/2020", "valid date")]
    [InlineData("childBirthDate", "2027-01-01", "in the future")]
    [InlineData("childFirstName", "Léa\u0007", "not allowed")]
    public void Validate_InvalidValue_NamesTheProblem(string field, string value, string expected)
    {
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields[field] = value;

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(fields)), field);

        Assert.Contains(expected, error.Message.En, StringComparison.Ordinal);
        Assert.NotEqual(error.Message.En, error.Message.Fr);
    }

    [Theory]
    [InlineData("2014-08-31", 13)]
    [InlineData("2026-01-10", 1)]
    public void Validate_ChildOutsideAgeWindow_IsRefused(string birthDate, int age)
    {
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["childBirthDate"] = birthDate;

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(fields)), "childBirthDate");

        Assert.Contains($"they will be {age}", error.Message.En, StringComparison.Ordinal);
        Assert.Contains("1er septembre 2027", error.Message.Fr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ChildExactlyTwoOnFirstSeptember_IsAccepted()
    {
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["childBirthDate"] = "2025-09-01";

        Assert.True(Validate(SchoolEnrolmentSamples.Submission(fields)).IsValid);
    }

    [Fact]
    public void Validate_ExecutableRenamedAsPdf_IsRefusedByContent()
    {
        var disguised = new UploadedFile("proofOfAddress", "justificatif.pdf", "MZ\u0090\0binary"u8.ToArray());

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(null, disguised)), "proofOfAddress");

        Assert.Contains("content checked", error.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FileOverFiveMegabytes_IsRefused()
    {
        var large = new byte[(5 * 1024 * 1024) + 1];
        SchoolEnrolmentSamples.Pdf.CopyTo(large, 0);

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(null, new UploadedFile("proofOfAddress", "scan.pdf", large))), "proofOfAddress");

        Assert.Contains("exceeds 5 MB", error.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoFilesWhereOneIsAllowed_IsRefused()
    {
        var file = new UploadedFile("proofOfAddress", "a.pdf", SchoolEnrolmentSamples.Pdf);

        var error = Single(Validate(SchoolEnrolmentSamples.Submission(null, file, file)), "proofOfAddress");

        Assert.Contains("at most 1", error.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PngProof_IsAccepted()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

        var result = Validate(SchoolEnrolmentSamples.Submission(null, new UploadedFile("proofOfAddress", "scan.png", png)));

        Assert.True(result.IsValid);
        Assert.Equal(FileType.Png, Assert.Single(result.Files).Type);
    }

    [Fact]
    public void Validate_MalformedField_IsReported()
    {
        var submission = SchoolEnrolmentSamples.Submission() with { MalformedFields = ["childFirstName"] };

        var result = Validate(submission);

        Assert.Contains(result.Errors, error => error.Field == "childFirstName" && error.Message.En.Contains("Malformed", StringComparison.Ordinal));
    }
}
