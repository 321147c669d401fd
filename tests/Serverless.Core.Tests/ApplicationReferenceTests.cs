using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Platform.Localization;

namespace Serverless.Core.Tests;

public sealed class ApplicationReferenceTests
{
    [Fact]
    public void New_Reference_IsReadableAndWellFormed()
    {
        var reference = ApplicationReference.New("ECO", 2026);

        Assert.Matches("^ECO-2026-[2-9A-HJKMNP-TV-Z]{6}$", reference);
        Assert.True(ApplicationReference.IsWellFormed(reference));
    }

    [Theory]
    [InlineData("ECO-2026-7K3F9")]
    [InlineData("ECO-2026-7K3F9O")]
    [InlineData("../etc/passwd")]
    [InlineData(null)]
    public void IsWellFormed_Garbage_IsFalse(string? reference)
    {
        Assert.False(ApplicationReference.IsWellFormed(reference));
    }

    [Fact]
    public void CertificateNumber_SameSeed_IsTheSameOnReplay()
    {
        var seed = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        Assert.Equal(CertificateNumbers.From(seed, 2026), CertificateNumbers.From(seed, 2026));
        Assert.Matches("^AT-2026-[2-9A-HJKMNP-TV-Z]{10}$", CertificateNumbers.From(seed, 2026));
    }

    [Fact]
    public void Mask_HolderName_KeepsInitialsOnly()
    {
        Assert.Equal("F••••••••• L••••••", VerifyCertificateHandler.Mask("Frédérique Lemaire"));
    }

    [Theory]
    [InlineData("en-GB,en;q=0.9", Language.English)]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.8", Language.French)]
    [InlineData("de-DE", Language.French)]
    [InlineData("de-DE,en;q=0.5", Language.English)]
    public void FromRequest_AcceptLanguage_PicksFirstSupported(string header, Language expected)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Headers.AcceptLanguage = header;

        Assert.Equal(expected, LanguageNegotiation.FromRequest(context.Request));
    }
}
