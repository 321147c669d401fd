using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Drafts;
using Serverless.Core.Edge;
using Serverless.Core.Submission;

namespace Serverless.Core.Tests;

public sealed class CitizenAccessCodesTests
{
    private const string Reference = "ECO-2026-7K3F9Q";
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    private readonly CitizenAccessCodes codes = new(Options.Create(new CitizenAccessOptions { Key = Convert.ToBase64String(new byte[32]) }));

    /// <summary>Key ids k1 and k2, with <paramref name="active"/> deriving new codes.</summary>
    private static CitizenAccessOptions Rotated(string active) => new() { ActiveKeyId = active, Keys = new() { ["k1"] = KeyOne, ["k2"] = KeyTwo } };

    [Fact]
    public void IsValid_CodeOfTheReference_IsAccepted()
    {
        Assert.True(codes.IsValid(Reference, null, codes.For(Reference, null)));
    }

    [Fact]
    public void IsValid_CodeOfAnotherReference_IsRefused()
    {
        Assert.False(codes.IsValid(Reference, null, codes.For("ECO-2026-7K3F9R", null)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("guess")]
    public void IsValid_MissingOrGuessedCode_IsRefused(string? code)
    {
        Assert.False(codes.IsValid(Reference, null, code));
        Assert.False(codes.IsValidUnderAnyKey(Reference, code));
    }

    [Fact]
    public void For_SameReference_GivesTheSameUrlSafeCode()
    {
        var code = codes.For(Reference, null);

        Assert.Equal(code, codes.For(Reference, null));
        Assert.Matches("^[A-Za-z0-9_-]{24}$", code);
    }

    [Fact]
    public void For_OnlyTheOlderSingleKey_IsKeyIdK1AndGivesTheCodesItGaveBefore()
    {
        // The code of the single CitizenAccess:Key, computed as it was before key ids (HMAC of "citizen-access:" + reference).
        var before = Base64Url.Encode(System.Security.Cryptography.HMACSHA256.HashData(new byte[32], System.Text.Encoding.UTF8.GetBytes("citizen-access:" + Reference)).AsSpan(0, 18));

        Assert.Equal("k1", codes.ActiveKeyId);
        Assert.Equal(before, codes.For(Reference, null));
        Assert.Equal(before, codes.For(Reference, "k1"));
    }

    [Fact]
    public void For_AfterTheActiveKeyBecomesK2_AnApplicationRecordedUnderK1KeepsItsCodeAndANewOneGetsAK2Code()
    {
        var beforeRotation = new CitizenAccessCodes(Options.Create(Rotated("k1")));
        var handedOut = beforeRotation.For(Reference, beforeRotation.ActiveKeyId);
        var afterRotation = new CitizenAccessCodes(Options.Create(Rotated("k2")));

        Assert.Equal("k1", beforeRotation.ActiveKeyId);
        Assert.Equal("k2", afterRotation.ActiveKeyId);
        Assert.True(afterRotation.IsValid(Reference, "k1", handedOut));
        Assert.Equal(handedOut, afterRotation.For(Reference, "k1"));
        var newCode = afterRotation.For("ECO-2026-NEW123", afterRotation.ActiveKeyId);
        Assert.True(afterRotation.IsValid("ECO-2026-NEW123", "k2", newCode));
        Assert.False(afterRotation.IsValid("ECO-2026-NEW123", "k1", newCode));
        Assert.NotEqual(newCode, afterRotation.For("ECO-2026-NEW123", "k1"));
    }

    [Fact]
    public void IsValid_CodeOfAnotherListedKeyThanTheRowRecorded_IsRefused()
    {
        var rotated = new CitizenAccessCodes(Options.Create(Rotated("k2")));
        var k2Code = rotated.For(Reference, "k2");

        Assert.True(rotated.IsValidUnderAnyKey(Reference, k2Code));
        Assert.False(rotated.IsValid(Reference, "k1", k2Code));
    }

    [Fact]
    public void IsValid_RowWithoutKeyId_IsCheckedWithK1()
    {
        var rotated = new CitizenAccessCodes(Options.Create(Rotated("k2")));

        Assert.True(rotated.IsValid(Reference, null, rotated.For(Reference, "k1")));
        Assert.False(rotated.IsValid(Reference, null, rotated.For(Reference, "k2")));
    }

    [Fact]
    public void IsValid_KeyIdNoLongerListed_IsRefusedAndForSaysWhichKeyToListAgain()
    {
        var onlyK2 = new CitizenAccessCodes(Options.Create(new CitizenAccessOptions { ActiveKeyId = "k2", Keys = new() { ["k2"] = KeyTwo } }));

        Assert.False(onlyK2.IsValid(Reference, "k1", "AAAAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Contains("'k1'", Assert.Throws<InvalidOperationException>(() => onlyK2.For(Reference, "k1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormGuard_StampIssuedUnderK1_PassesAfterK2BecomesActiveAndIsRefusedOnceK1IsNoLongerListed()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        FormGuard Guard(CitizenAccessOptions options) => new(Options.Create(options), Options.Create(new AbuseOptions { MinimumFillTime = TimeSpan.FromSeconds(3) }), clock);
        var stamp = Guard(Rotated("k1")).Issue();
        clock.Now = clock.Now.AddSeconds(10);
        RawSubmission Form() => new(new Dictionary<string, string> { [FormGuard.IssuedField] = stamp }, []);

        Guard(Rotated("k2")).Check(Form());
        Assert.NotEqual(Guard(Rotated("k1")).Issue(), Guard(Rotated("k2")).Issue());
        var refusal = Assert.Throws<RequestRefusedException>(() => Guard(new CitizenAccessOptions { ActiveKeyId = "k2", Keys = new() { ["k2"] = KeyTwo } }).Check(Form()));
        Assert.Equal("form-rejected", refusal.Type);
    }

    [Fact]
    public void DraftTokens_TokenMadeUnderK1_OpensAfterK2BecomesActiveAndNewTokensUseK2()
    {
        var token = new DraftTokens(Options.Create(Rotated("k1"))).For("draft-1");
        var rotated = new DraftTokens(Options.Create(Rotated("k2")));
        var onlyK2 = new DraftTokens(Options.Create(new CitizenAccessOptions { ActiveKeyId = "k2", Keys = new() { ["k2"] = KeyTwo } }));

        Assert.Equal("draft-1", rotated.Open(token));
        Assert.NotEqual(token, rotated.For("draft-1"));
        Assert.Equal("draft-1", onlyK2.Open(rotated.For("draft-1")));
        Assert.Null(onlyK2.Open(token));
    }

    [Fact]
    public void AntiForgery_TokenMadeUnderK1_MatchesAfterK2BecomesActive()
    {
        var token = new AntiForgery(Options.Create(Rotated("k1"))).TokenFor("session|abc");
        var rotated = new AntiForgery(Options.Create(Rotated("k2")));

        Assert.True(rotated.Matches("session|abc", token));
        Assert.NotEqual(token, rotated.TokenFor("session|abc"));
        Assert.False(rotated.Matches("session|other", token));
        Assert.False(new AntiForgery(Options.Create(new CitizenAccessOptions { ActiveKeyId = "k2", Keys = new() { ["k2"] = KeyTwo } })).Matches("session|abc", token));
    }
}
