using Microsoft.AspNetCore.Http;
using Serverless.Core.Certificates;
using Serverless.Core.Edge;
using Serverless.Platform.Http;

namespace Serverless.Core.Tests;

/// <summary>The edge's small rules: which address a client has, which routes answer which methods, CORS in the Bicep.</summary>
public sealed class EdgeRulesTests
{
    [Fact]
    public void ClientAddress_BehindThePlatform_TakesTheLastForwardedEntryOnly()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientAddress.ForwardedHeader] = "198.51.100.1, 203.0.113.7:51234";
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("10.0.0.1");

        Assert.Equal("203.0.113.7", ClientAddress.Of(context, behindPlatformProxy: true));
    }

    [Fact]
    public void ClientAddress_NotBehindThePlatform_IgnoresTheForwardedHeader()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientAddress.ForwardedHeader] = "198.51.100.1";
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("127.0.0.1");

        Assert.Equal("127.0.0.1", ClientAddress.Of(context, behindPlatformProxy: false));
    }

    [Theory]
    [InlineData("procedures/school-enrolment/applications", "POST")]
    [InlineData("review/abc", "GET,POST")]
    [InlineData("procedures/school-enrolment/applications/ECO-2026-AAAAAA/correction", "GET,POST")]
    [InlineData("health", "GET")]
    public void RouteMethods_KnownAddress_ListsItsMethods(string apiPath, string methods)
    {
        Assert.Equal(methods.Split(','), RouteMethods.Match(apiPath)!.Value.Methods);
    }

    [Fact]
    public void RouteMethods_UnknownAddress_IsNoRoute()
    {
        Assert.Null(RouteMethods.Match("procedures/a/b/c/d/e/f"));
    }

    [Theory]
    [InlineData("POST", "procedures/school-enrolment/applications", 8 * 1024 * 1024)]
    [InlineData("POST", "procedures/school-enrolment/drafts", 8 * 1024 * 1024)]
    [InlineData("POST", "procedures/school-enrolment/drafts/abc.def", 8 * 1024 * 1024)]
    [InlineData("POST", "review/abc", BodyLimits.SmallForm)]
    [InlineData("POST", "revoke/abc", BodyLimits.SmallForm)]
    [InlineData("POST", "verify", VerifyCertificateFileHandler.MaxFileBytes + (64 * 1024))]
    public void BodyLimits_EveryFormRead_HasALimit(string method, string apiPath, long expected)
    {
        Assert.Equal(expected, BodyLimits.For(method, apiPath));
    }

    [Fact]
    public void FunctionAppBicep_PlatformCors_IsOffAndTheAppGetsTheOrigins()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        var bicep = File.ReadAllText(Path.Combine(root, "infra", "bicep", "modules", "functionapp.bicep"));

        Assert.DoesNotContain("cors:", bicep, StringComparison.Ordinal);
        Assert.Contains("Cors__AllowedOrigins: join(corsAllowedOrigins, ',')", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlPages_ContentSecurityPolicy_HasNoUnsafeInlineAndAllowsTheStylesheetByHash()
    {
        var page = (TextBodyResult)Serverless.Core.Site.PageResults.Page(200, Serverless.Core.Site.Html.Page("t", "b", Serverless.Platform.Localization.Language.French, "c"));
        var policy = page.Headers["Content-Security-Policy"];

        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains(Site.Html.StyleHash, policy, StringComparison.Ordinal);
        Assert.Contains("<style>" + Site.Html.Stylesheet + "</style>", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlPages_CommuneColour_IsAllowedByItsOwnHashAndNothingElse()
    {
        var identity = new Site.PageIdentity("Commune de Saint-Exemple", "Département du Gard", "#1d6b46", null);
        var page = (TextBodyResult)Serverless.Core.Site.PageResults.Page(200, Serverless.Core.Site.Html.Page("t", "b", Serverless.Platform.Localization.Language.French, identity));
        var theme = ":root{--brand:#1d6b46}";
        var hash = "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(theme))) + "'";

        Assert.Contains("<style>" + theme + "</style>", page.Body, StringComparison.Ordinal);
        Assert.Contains(hash, page.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("<span>République française</span><span>Département du Gard</span><strong>Commune de Saint-Exemple</strong>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Marianne", page.Body, StringComparison.Ordinal);
    }
}
