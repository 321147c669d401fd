using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using Serverless.Core.Certificates;
using Serverless.Core.Transparency;

namespace Serverless.Core.Tests;

/// <summary>The checkpoints' keys by id: the active one signs, every listed one is published and verifies.</summary>
public sealed class LogSigningKeyTests
{
    private const string Origin = "example.org/transparency/saint-exemple";
    private static readonly byte[] Root = new byte[32];
    private static readonly string MaterialOne = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string MaterialTwo = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    private static LogSigningKey Keys(TransparencyOptions options) =>
        new(Options.Create(options), Options.Create(new CertificateSigningOptions()), NullLogger<LogSigningKey>.Instance);

    private static TransparencyOptions Rotated(string active) => new() { ActiveKeyId = active, SigningKeys = new() { ["k1"] = MaterialOne, ["k2"] = MaterialTwo } };

    [Fact]
    public void VerifierKeys_AfterK2BecomesActive_PublishK2FirstThenK1AndBothCheckpointsVerify()
    {
        using var before = Keys(new TransparencyOptions { SigningKey = MaterialOne });
        var signedBefore = SignedNote.Sign(new Checkpoint(Origin, 3, Root), before.Key);
        using var after = Keys(Rotated("k2"));
        var signedAfter = SignedNote.Sign(new Checkpoint(Origin, 5, Root), after.Key);

        var published = after.VerifierKeys(Origin);

        Assert.Equal("k1", before.ActiveKeyId);
        Assert.Equal("k2", after.ActiveKeyId);
        Assert.Equal(2, published.Count);
        Assert.Equal(before.VerifierKeys(Origin).Single(), published[1]);
        Assert.Equal(3, SignedNote.OpenWithAny(signedBefore, published).Checkpoint!.Size);
        Assert.Equal(5, SignedNote.OpenWithAny(signedAfter, published).Checkpoint!.Size);
        Assert.Null(SignedNote.Open(signedAfter, published[1]).Checkpoint);
        Assert.Null(SignedNote.Open(signedBefore, published[0]).Checkpoint);
    }

    [Fact]
    public void Key_OnlyTheOlderSingleSetting_IsKeyIdK1WithTheSamePublicKeyAsBefore()
    {
        using var single = Keys(new TransparencyOptions { SigningKey = MaterialOne });
        using var listed = Keys(Rotated("k1"));
        using var material = LogSigningKey.FromMaterial(Convert.FromBase64String(MaterialOne));

        Assert.Equal(material.PublicKey.Export(KeyBlobFormat.RawPublicKey), single.PublicKey);
        Assert.Equal(single.PublicKey, listed.PublicKey);
        Assert.Equal(single.VerifierKeys(Origin)[0], listed.VerifierKeys(Origin)[0]);
    }

    [Fact]
    public void OpenWithAny_NoneOfTheKeysSigned_IsRefusedWithTheReason()
    {
        using var keys = Keys(Rotated("k1"));
        using var stranger = LogSigningKey.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());

        var (checkpoint, problem) = SignedNote.OpenWithAny(SignedNote.Sign(new Checkpoint(Origin, 1, Root), stranger), keys.VerifierKeys(Origin));

        Assert.Null(checkpoint);
        Assert.Contains("no signature", problem, StringComparison.Ordinal);
    }
}
