using Serverless.Core.Edge;
using Serverless.Platform.Http;

namespace Serverless.Core.Tests;

public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("/api/review/eyJhbGciOi.abc", "/api/review/***")]
    [InlineData("/api/review/eyJhbGciOi.abc/attachments/123", "/api/review/***/attachments/123")]
    [InlineData("/api/revoke/tok-en_1", "/api/revoke/***")]
    [InlineData("/api/agent/sign-in/czF8azF8.bWFj", "/api/agent/sign-in/***")]
    [InlineData("/api/agent/sign-in", "/api/agent/sign-in")]
    [InlineData("/api/procedures/school-enrolment/drafts/ZHJhZnQ.c2ln", "/api/procedures/school-enrolment/drafts/***")]
    [InlineData("/api/erasure/ZXIxfGs.bWFj", "/api/erasure/***")]
    [InlineData("https://mairie.example/api/review/abc?lang=fr", "https://mairie.example/api/review/***?lang=fr")]
    [InlineData("/api/procedures/school-enrolment/applications/ECO-2026-7K3F9Q", "/api/procedures/school-enrolment/applications/ECO-2026-7K3F9Q")]
    public void Path_TokenSegments_AreMasked(string path, string expected)
    {
        Assert.Equal(expected, SecretRedaction.Path(path));
    }

    [Fact]
    public void Path_EveryRouteWithATokenSegment_MasksItsToken()
    {
        var routes = RouteMethods.All.Select(entry => entry.Route).Distinct(StringComparer.Ordinal).Where(route => route.Contains("{token}", StringComparison.Ordinal)).ToList();

        foreach (var route in routes)
        {
            var path = "/api/" + System.Text.RegularExpressions.Regex.Replace(route.Replace("{token}", "s3cr3tT0ken", StringComparison.Ordinal), "\\{[^}]+\\}", "x");
            Assert.DoesNotContain("s3cr3tT0ken", SecretRedaction.Url(path + "?lang=fr"), StringComparison.Ordinal);
        }

        Assert.True(routes.Count >= 6, $"only {routes.Count} routes with a token");
    }

    [Fact]
    public void Url_AccessQueryValue_IsMaskedAndTheRestKept()
    {
        Assert.Equal(
            "/api/procedures/p/applications/R?lang=fr&access=***&received=1",
            SecretRedaction.Url("/api/procedures/p/applications/R?lang=fr&access=s3cr3t-Code_x&received=1"));
    }
}
