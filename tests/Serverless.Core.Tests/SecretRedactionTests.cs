using Serverless.Core.Http.Edge;

namespace Serverless.Core.Tests;

public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("/api/review/eyJhbGciOi.abc", "/api/review/***")]
    [InlineData("/api/review/eyJhbGciOi.abc/attachments/123", "/api/review/***/attachments/123")]
    [InlineData("/api/revoke/tok-en_1", "/api/revoke/***")]
    [InlineData("/api/agent/sign-in/czF8azF8.bWFj", "/api/agent/sign-in/***")]
    [InlineData("/api/agent/sign-in", "/api/agent/sign-in")]
    [InlineData("/api/procedures/school-enrolment/applications/ECO-2026-7K3F9Q", "/api/procedures/school-enrolment/applications/ECO-2026-7K3F9Q")]
    public void Path_TokenSegments_AreMasked(string path, string expected)
    {
        Assert.Equal(expected, SecretRedaction.Path(path));
    }

    [Fact]
    public void Url_AccessQueryValue_IsMaskedAndTheRestKept()
    {
        Assert.Equal(
            "/api/procedures/p/applications/R?lang=fr&access=***&received=1",
            SecretRedaction.Url("/api/procedures/p/applications/R?lang=fr&access=s3cr3t-Code_x&received=1"));
    }
}
