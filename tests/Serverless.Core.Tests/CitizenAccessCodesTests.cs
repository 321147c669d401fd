using Microsoft.Extensions.Options;
using Serverless.Core.Applications;

namespace Serverless.Core.Tests;

public sealed class CitizenAccessCodesTests
{
    private readonly CitizenAccessCodes codes = new(Options.Create(new CitizenAccessOptions { Key = Convert.ToBase64String(new byte[32]) }));

    [Fact]
    public void IsValid_CodeOfTheReference_IsAccepted()
    {
        Assert.True(codes.IsValid("ECO-2026-7K3F9Q", codes.For("ECO-2026-7K3F9Q")));
    }

    [Fact]
    public void IsValid_CodeOfAnotherReference_IsRefused()
    {
        Assert.False(codes.IsValid("ECO-2026-7K3F9Q", codes.For("ECO-2026-7K3F9R")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("guess")]
    public void IsValid_MissingOrGuessedCode_IsRefused(string? code)
    {
        Assert.False(codes.IsValid("ECO-2026-7K3F9Q", code));
    }

    [Fact]
    public void For_SameReference_GivesTheSameUrlSafeCode()
    {
        var code = codes.For("ECO-2026-7K3F9Q");

        Assert.Equal(code, codes.For("ECO-2026-7K3F9Q"));
        Assert.Matches("^[A-Za-z0-9_-]{24}$", code);
    }
}
