using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Tokens;

namespace Serverless.Core.Tests;

public sealed class ReviewTokensTests
{
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Range(101, 32).Select(value => (byte)value).ToArray());
    private readonly FixedClock clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    private ReviewTokens Tokens(string activeKeyId, params (string Id, string Key)[] keys) =>
        new(Options.Create(new ReviewTokenOptions { ActiveKeyId = activeKeyId, Keys = keys.ToDictionary(key => key.Id, key => key.Key) }), clock);

    private ReviewGrant Grant(ReviewAction action = ReviewAction.Approve) =>
        new("ECO-2026-7K3F9Q", 1, "agent@mairie.example", action, clock.Now.AddDays(14));

    [Fact]
    public void Check_IssuedToken_ReturnsTheGrant()
    {
        var tokens = Tokens("k1", ("k1", KeyOne));

        var check = tokens.Check(tokens.Issue(Grant()));

        Assert.True(check.IsValid);
        Assert.Equal(Grant(), check.Grant);
    }

    [Fact]
    public void Check_TokenSignedWithAnotherKey_IsForged()
    {
        var forger = Tokens("k1", ("k1", KeyTwo));

        Assert.Equal(TokenProblem.BadSignature, Tokens("k1", ("k1", KeyOne)).Check(forger.Issue(Grant())).Problem);
    }

    [Fact]
    public void Check_ActionTamperedInPayload_IsRefused()
    {
        var tokens = Tokens("k1", ("k1", KeyOne));
        var parts = tokens.Issue(Grant(ReviewAction.Reject)).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.TryDecode(parts[0])!).Replace("|Reject|", "|Approve|", StringComparison.Ordinal);

        var check = tokens.Check($"{Base64Url.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[1]}");

        Assert.Equal(TokenProblem.BadSignature, check.Problem);
    }

    [Fact]
    public void Check_AfterExpiry_IsExpired()
    {
        var tokens = Tokens("k1", ("k1", KeyOne));
        var token = tokens.Issue(Grant());
        clock.Now = clock.Now.AddDays(15);

        Assert.Equal(TokenProblem.Expired, tokens.Check(token).Problem);
    }

    [Fact]
    public void Check_UnknownKeyId_IsRefused()
    {
        var retiredKeyToken = Tokens("old", ("old", KeyTwo)).Issue(Grant());

        Assert.Equal(TokenProblem.UnknownKey, Tokens("k1", ("k1", KeyOne)).Check(retiredKeyToken).Problem);
    }

    [Fact]
    public void Check_TokenOfPreviousKeyDuringRotation_StillVerifies()
    {
        var before = Tokens("k1", ("k1", KeyOne)).Issue(Grant());
        var afterRotation = Tokens("k2", ("k1", KeyOne), ("k2", KeyTwo));

        Assert.True(afterRotation.Check(before).IsValid);
        Assert.True(afterRotation.Check(afterRotation.Issue(Grant())).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("%%%.###")]
    public void Check_Garbage_IsMalformed(string token)
    {
        Assert.Equal(TokenProblem.Malformed, Tokens("k1", ("k1", KeyOne)).Check(token).Problem);
    }

    [Fact]
    public void Constructor_ShortActiveKey_IsRefusedAtStartUp()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Tokens("k1", ("k1", Convert.ToBase64String(new byte[8]))));

        Assert.Contains("ReviewTokens:Keys:k1", exception.Message, StringComparison.Ordinal);
    }
}
