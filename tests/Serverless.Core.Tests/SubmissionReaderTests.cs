using System.Text;
using Microsoft.AspNetCore.Http;
using Serverless.Core.Applications;
using Serverless.Core.Submission;

namespace Serverless.Core.Tests;

/// <summary>The three input formats reach the validator in one shape.</summary>
public sealed class SubmissionReaderTests
{
    private static async Task<RawSubmission?> ReadAsync(string contentType, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        return await SubmissionReader.ReadAsync(context.Request, CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_JsonWithArrayAndFile_KeepsRepeatedValuesAndDecodesTheFile()
    {
        var json = """{ "organiserName": "Zoé", "guests": 40, "activities": ["musique", "jeux"], "insurance": { "fileName": "a.pdf", "contentBase64": "JVBERi0=" } }""";

        var submission = (await ReadAsync("application/json", Encoding.UTF8.GetBytes(json)))!;

        Assert.Equal("Zoé", submission.Fields["organiserName"]);
        Assert.Equal("40", submission.Fields["guests"]);
        Assert.Equal(["musique", "jeux"], submission.Repeated["activities"]);
        Assert.Equal("%PDF-"u8.ToArray(), Assert.Single(submission.Files).Content);
    }

    [Fact]
    public async Task ReadAsync_UrlEncodedCheckboxes_AreRepeatedValues()
    {
        var submission = (await ReadAsync("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("activities=musique&activities=buvette&streetName=rue+de+l%27%C3%89glise")))!;

        Assert.Equal(["musique", "buvette"], submission.Repeated["activities"]);
        Assert.Equal("rue de l'Église", submission.Fields["streetName"]);
    }

    [Fact]
    public async Task ReadAsync_JsonObjectThatIsNotAFile_IsMalformed()
    {
        var submission = (await ReadAsync("application/json", """{ "organiserName": { "first": "Zoé" } }"""u8.ToArray()))!;

        Assert.Equal(["organiserName"], submission.MalformedFields);
    }

    [Theory]
    [InlineData("text/plain", "hello")]
    [InlineData("application/xml", "<a/>")]
    public async Task ReadAsync_UnsupportedBody_GivesNothing(string contentType, string body)
    {
        Assert.Null(await ReadAsync(contentType, Encoding.UTF8.GetBytes(body)));
    }
}
