using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Review;
using Serverless.Core.Tokens;

namespace Serverless.Core.Tests;

/// <summary>Attacks on the agent's revocation link: forged, expired, altered, or another kind of link.</summary>
public sealed class RevocationTokensTests
{
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Range(101, 32).Select(value => (byte)value).ToArray());
    private readonly FixedClock clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    private static IOptions<ReviewTokenOptions> Keys(string activeKeyId, params (string Id, string Key)[] keys) =>
        Options.Create(new ReviewTokenOptions { ActiveKeyId = activeKeyId, Keys = keys.ToDictionary(key => key.Id, key => key.Key) });

    private RevocationTokens Tokens(string activeKeyId = "k1", string key = "") =>
        new(Keys(activeKeyId, (activeKeyId, key.Length == 0 ? KeyOne : key)), clock);

    private RevocationGrant Grant() => new("AT-2026-K7Q3M9X2TD", "ECO-2026-7K3F9Q", "agent@mairie.example", clock.Now.AddDays(365));

    private static string Tamper(string token, string from, string to)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.TryDecode(parts[0])!).Replace(from, to, StringComparison.Ordinal);
        return $"{Base64Url.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[1]}";
    }

    [Fact]
    public void Check_IssuedToken_ReturnsTheGrant()
    {
        var tokens = Tokens();

        var check = tokens.Check(tokens.Issue(Grant()));

        Assert.True(check.IsValid);
        Assert.Equal(Grant(), check.Grant);
    }

    [Fact]
    public void Check_SignedWithAnotherKey_IsForged()
    {
        var forged = Tokens(key: KeyTwo).Issue(Grant());

        Assert.Equal(TokenProblem.BadSignature, Tokens().Check(forged).Problem);
    }

    [Fact]
    public void Check_OtherCertificateNumberInPayload_IsForged()
    {
        var tokens = Tokens();

        var check = tokens.Check(Tamper(tokens.Issue(Grant()), "AT-2026-K7Q3M9X2TD", "AT-2026-AAAAAAAAAA"));

        Assert.Equal(TokenProblem.BadSignature, check.Problem);
    }

    [Fact]
    public void Check_AfterExpiry_IsExpired()
    {
        var tokens = Tokens();
        var token = tokens.Issue(Grant());
        clock.Now = clock.Now.AddDays(366);

        var check = tokens.Check(token);

        Assert.Equal(TokenProblem.Expired, check.Problem);
        Assert.False(check.IsValid);
    }

    [Fact]
    public void Check_ReviewApprovalLinkWithTheSameKey_IsNotARevocationLink()
    {
        var reviewToken = new ReviewTokens(Keys("k1", ("k1", KeyOne)), clock)
            .Issue(new ReviewGrant("ECO-2026-7K3F9Q", 1, "agent@mairie.example", ReviewAction.Approve, clock.Now.AddDays(14)));

        Assert.False(Tokens().Check(reviewToken).IsValid);
    }

    [Fact]
    public void Check_RevocationLinkOnTheReviewEndpoint_IsNotAReviewLink()
    {
        var revokeToken = Tokens().Issue(Grant());

        Assert.False(new ReviewTokens(Keys("k1", ("k1", KeyOne)), clock).Check(revokeToken).IsValid);
    }

    [Fact]
    public void Check_ActionChangedInPayload_IsRefused()
    {
        var tokens = Tokens();

        var check = tokens.Check(Tamper(tokens.Issue(Grant()), "|Revoke|", "|Approve|"));

        Assert.False(check.IsValid);
        Assert.Null(check.Grant);
    }

    [Fact]
    public void Check_RetiredKey_IsRefused()
    {
        var old = Tokens("old", KeyTwo).Issue(Grant());

        Assert.Equal(TokenProblem.UnknownKey, Tokens().Check(old).Problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("%%%.###")]
    public void Check_Garbage_IsMalformed(string? token)
    {
        Assert.Equal(TokenProblem.Malformed, Tokens().Check(token).Problem);
    }
}
