using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serverless.Core.Applications;
using Serverless.Core.Edge;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Tests;

/// <summary>The bounds on what one body can make the service do: refused while read, validated in linear time.</summary>
public sealed class SubmissionBoundsTests
{
    private static async Task<RawSubmission?> ReadJsonAsync(string json)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        return await SubmissionReader.ReadAsync(context.Request, CancellationToken.None);
    }

    private static async Task<RawSubmission?> ReadFormAsync(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/x-www-form-urlencoded";
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return await SubmissionReader.ReadAsync(context.Request, CancellationToken.None);
    }

    private static string Keys(int count, string value) =>
        "{" + string.Join(',', Enumerable.Range(0, count).Select(index => $"\"k{index}\":{value}")) + "}";

    [Theory]
    [InlineData("{}")]
    [InlineData("\"x\"")]
    public async Task ReadAsync_TwoHundredThousandKeys_IsRefusedQuicklyAsTooManyFields(string value)
    {
        var json = Keys(200_000, value);
        var watch = Stopwatch.StartNew();

        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadJsonAsync(json));

        Assert.Equal(400, refusal.Status);
        Assert.Equal("too-many-fields", refusal.Type);
        Assert.Contains("256", refusal.Detail.Fr, StringComparison.Ordinal);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ReadAsync_ManyMembersInsideOneArray_IsRefused()
    {
        var json = "{\"a\":[" + string.Join(',', Enumerable.Repeat("{}", 5000)) + "]}";

        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadJsonAsync(json));

        Assert.Equal("too-many-fields", refusal.Type);
    }

    [Fact]
    public async Task ReadAsync_NestingDeeperThanEight_IsRefusedAsTooDeep()
    {
        var json = "{\"a\":" + new string('[', 50) + new string(']', 50) + "}";

        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadJsonAsync(json));

        Assert.Equal("too-deep", refusal.Type);
    }

    [Fact]
    public async Task ReadAsync_SeventyThousandCharacterValue_IsRefusedNamingTheField()
    {
        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadJsonAsync($"{{\"childFirstName\":\"{new string('a', 70_000)}\"}}"));

        Assert.Equal("value-too-long", refusal.Type);
        Assert.Equal("childFirstName", refusal.Field);
        Assert.Contains("« childFirstName »", refusal.Detail.Fr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SeventyThousandCharacterFormValue_IsRefusedNamingTheField()
    {
        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadFormAsync("city=" + new string('a', 70_000)));

        Assert.Equal("value-too-long", refusal.Type);
        Assert.Equal("city", refusal.Field);
    }

    [Fact]
    public async Task ReadAsync_FormValueOverTheReadersOwnLimit_IsRefusedAsTooLong()
    {
        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadFormAsync("city=" + new string('a', 100_000)));

        Assert.Equal("value-too-long", refusal.Type);
    }

    [Fact]
    public async Task ReadAsync_LongFieldName_IsRefused()
    {
        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadJsonAsync($"{{\"{new string('n', 500)}\":\"x\"}}"));

        Assert.Equal("name-too-long", refusal.Type);
    }

    [Fact]
    public async Task ReadAsync_LongFileName_IsRefusedNamingTheField()
    {
        var json = $"{{\"proofOfAddress\":{{\"fileName\":\"{new string('f', 300)}.pdf\",\"contentBase64\":\"JVBERi0=\"}}}}";

        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadJsonAsync(json));

        Assert.Equal("value-too-long", refusal.Type);
        Assert.Equal("proofOfAddress", refusal.Field);
    }

    [Theory]
    [InlineData("JVBERi0=")]
    [InlineData("JVBE\\nRi0=")]
    [InlineData("JVBE\\/w==")]
    public async Task ReadAsync_FileInPlainWrappedOrEscapedBase64_IsDecoded(string base64)
    {
        var submission = (await ReadJsonAsync($"{{\"proofOfAddress\":{{\"fileName\":\"a.pdf\",\"contentBase64\":\"{base64}\"}}}}"))!;

        var file = Assert.Single(submission.Files);
        Assert.Equal(Convert.FromBase64String(base64.Replace("\\n", string.Empty, StringComparison.Ordinal).Replace("\\/", "/", StringComparison.Ordinal)), file.Content);
    }

    [Theory]
    [InlineData("{\"a\":\"x\",\"a\":\"y\"}", "duplicate-key")]
    [InlineData("{\"a\":\"x\"", "malformed-json")]
    [InlineData("[1]", "json-not-object")]
    [InlineData("{\"a\":\"\\ud800\"}", "malformed-json")]
    [InlineData("{\"a\":\"x\"} {}", "malformed-json")]
    public async Task ReadAsync_BrokenJson_IsRefusedAsBefore(string json, string type)
    {
        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => ReadJsonAsync(json));

        Assert.Equal(type, refusal.Type);
    }

    [Theory]
    [InlineData("Zoé\uFFFF")]
    [InlineData("Zoé\uFFFE")]
    public void Validate_NameWithANoncharacter_IsRefusedOnThatField(string name)
    {
        var validator = new SubmissionValidator(new FixedClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)));
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["childFirstName"] = name;

        var result = validator.Validate(TestCatalogue.SchoolEnrolment, SchoolEnrolmentSamples.Submission(fields), ["30000"]);

        Assert.Contains(result.Errors, error => error.Field == "childFirstName");
    }

    [Fact]
    public void Validate_TwoHundredFiftySixUnknownKeys_TakesLinearTime()
    {
        var validator = new SubmissionValidator(new FixedClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)));
        var submission = new RawSubmission(
            Enumerable.Range(0, 128).ToDictionary(index => $"u{index}", _ => "x"),
            [])
        { MalformedFields = [.. Enumerable.Range(0, 128).Select(index => $"m{index}")] };

        var result = validator.Validate(TestCatalogue.SchoolEnrolment, submission, []);

        // One error per malformed key, one per unknown key, and the procedure's own required fields.
        Assert.Equal(128, result.Errors.Count(error => error.Field.StartsWith('m')));
        Assert.Equal(128, result.Errors.Count(error => error.Field.StartsWith('u')));
    }

    [Fact]
    public void Validate_BirthDateTodayInParisWhileTheServerClockSaysYesterday_IsNotInTheFuture()
    {
        // 23:30 UTC on 28 November is 00:30 on 29 November in Paris; the server's zone is UTC, as in Azure.
        var validator = new SubmissionValidator(new UtcClock(new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.Zero)));
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["childBirthDate"] = "2026-11-29";

        var result = validator.Validate(TestCatalogue.SchoolEnrolment, SchoolEnrolmentSamples.Submission(fields), ["30000"]);

        Assert.DoesNotContain(result.Errors, error => error.Message.En.Contains("in the future", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BirthDateTomorrowInParis_IsInTheFuture()
    {
        var validator = new SubmissionValidator(new UtcClock(new DateTimeOffset(2026, 11, 28, 22, 30, 0, TimeSpan.Zero)));
        var fields = SchoolEnrolmentSamples.ValidFields();
        fields["childBirthDate"] = "2026-11-30";

        var result = validator.Validate(TestCatalogue.SchoolEnrolment, SchoolEnrolmentSamples.Submission(fields), ["30000"]);

        Assert.Contains(result.Errors, error => error.Message.En.Contains("in the future", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validation_FiveHundredErrors_ListsTheFirstTwentyAndCountsTheRest()
    {
        var errors = Enumerable.Range(0, 500).Select(index => new FieldError($"f{index}", new Text("fr", "en"))).ToList();
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await Problems.Validation(errors, Language.French, "/api/x").ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = context });

        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(SubmissionLimits.MaxReportedErrors, body.RootElement.GetProperty("errors").EnumerateObject().Count());
        Assert.Equal(500, body.RootElement.GetProperty("errorCount").GetInt32());
        Assert.Equal(480, body.RootElement.GetProperty("errorsOmitted").GetInt32());
        Assert.True(context.Response.Body.Length < 8 * 1024, $"{context.Response.Body.Length} bytes");
    }

    /// <summary>A server clock in UTC, as the Functions host runs in Azure.</summary>
    private sealed class UtcClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
