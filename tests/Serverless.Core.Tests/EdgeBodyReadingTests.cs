using System.Text;
using Microsoft.AspNetCore.Http;
using Serverless.Core.Applications;
using Serverless.Core.Edge;
using Serverless.Core.Submission;
using Serverless.Platform.Http;

namespace Serverless.Core.Tests;

/// <summary>Hostile bodies are refused with the problem that names what is wrong, never an unexpected exception.</summary>
public sealed class EdgeBodyReadingTests
{
    private static Task<RawSubmission?> ReadAsync(string contentType, byte[] body, bool withLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = withLength ? body.Length : null;
        return SubmissionReader.ReadAsync(context.Request, CancellationToken.None);
    }

    private static async Task<RequestRefusedException> RefusedAsync(string contentType, byte[] body, bool withLength = true) =>
        await Assert.ThrowsAsync<RequestRefusedException>(() => ReadAsync(contentType, body, withLength));

    [Fact]
    public async Task ReadAsync_TruncatedJson_IsMalformedJsonWithItsPosition()
    {
        var refusal = await RefusedAsync("application/json", """{"broken":"""u8.ToArray());

        Assert.Equal((400, "malformed-json"), (refusal.Status, refusal.Type));
        Assert.Contains("line 1", refusal.Detail.En, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE2, 0x82, 0x22, 0x7D })]
    public async Task ReadAsync_InvalidUtf8_IsInvalidUtf8(byte[] body)
    {
        var refusal = await RefusedAsync("application/json", body);

        Assert.Equal((400, "invalid-utf8"), (refusal.Status, refusal.Type));
    }

    [Fact]
    public async Task ReadAsync_EscapedLoneSurrogate_IsMalformedJson()
    {
        var refusal = await RefusedAsync("application/json", """{"childFirstName":"\ud800"}"""u8.ToArray());

        Assert.Equal((400, "malformed-json"), (refusal.Status, refusal.Type));
    }

    [Fact]
    public async Task ReadAsync_DuplicateKey_IsDuplicateKey()
    {
        var refusal = await RefusedAsync("application/json", """{"parentEmail":"a@example.org","parentEmail":"b@example.org"}"""u8.ToArray());

        Assert.Equal((400, "duplicate-key"), (refusal.Status, refusal.Type));
    }

    [Fact]
    public async Task ReadAsync_DeepNesting_IsTooDeep()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 100) + new string(']', 100) + "}");

        var refusal = await RefusedAsync("application/json", body);

        Assert.Equal((400, "too-deep"), (refusal.Status, refusal.Type));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public async Task ReadAsync_JsonThatIsNotAnObject_IsJsonNotObject(string json)
    {
        var refusal = await RefusedAsync("application/json", Encoding.UTF8.GetBytes(json));

        Assert.Equal((400, "json-not-object"), (refusal.Status, refusal.Type));
    }

    [Fact]
    public async Task ReadAsync_ChunkedJsonOverTheLimit_IsTooLargeWhileStreaming()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', (int)SubmissionReader.MaxBodyBytes + 10) + "\"}");

        var refusal = await RefusedAsync("application/json", body, withLength: false);

        Assert.Equal((413, "too-large"), (refusal.Status, refusal.Type));
    }

    [Fact]
    public async Task ReadAsync_ChunkedFormOverTheLimit_IsTooLargeWhileStreaming()
    {
        // Many values, each within the form reader's length limit, so that the body's size is what is crossed.
        var body = Encoding.ASCII.GetBytes(string.Join('&', Enumerable.Range(0, 130).Select(index => $"f{index}=" + new string('x', 70_000))));

        var refusal = await RefusedAsync("application/x-www-form-urlencoded", body, withLength: false);

        Assert.Equal(413, refusal.Status);
    }

    [Theory]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--xyz--\r\n")]
    [InlineData("--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nbbbbb")]
    [InlineData("--abc\r\nContent-Disposition: form-data; name=\"a\"")]
    public async Task ReadAsync_BrokenMultipart_IsMalformedMultipart(string body)
    {
        var refusal = await RefusedAsync("multipart/form-data; boundary=abc", Encoding.ASCII.GetBytes(body));

        Assert.Equal((400, "malformed-multipart"), (refusal.Status, refusal.Type));
    }

    [Fact]
    public async Task ReadAsync_TooManyFormFields_IsTooManyParts()
    {
        var body = string.Join('&', Enumerable.Range(0, SubmissionReader.MaxFormEntries + 1).Select(index => $"f{index}=x"));

        var refusal = await RefusedAsync("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(body));

        Assert.Equal((400, "too-many-parts"), (refusal.Status, refusal.Type));
    }

    [Fact]
    public async Task ReadAsync_TextPlain_IsNotASubmissionFormat()
    {
        Assert.Null(await ReadAsync("text/plain", "a=b"u8.ToArray()));
    }

    [Fact]
    public async Task LimitedBodyStream_ReadPastTheLimit_RefusesWith413()
    {
        await using var stream = new LimitedBodyStream(new MemoryStream(new byte[100]), 50);

        var refusal = await Assert.ThrowsAsync<RequestRefusedException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(413, refusal.Status);
    }
}
