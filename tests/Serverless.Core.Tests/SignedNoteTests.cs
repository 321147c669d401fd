using Serverless.Core.Transparency;

namespace Serverless.Core.Tests;

/// <summary>C2SP checkpoints as signed notes: the shape anyone's verifier expects, and refusal of anything altered.</summary>
public sealed class SignedNoteTests
{
    private static readonly byte[] Root = Convert.FromHexString("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");

    [Fact]
    public void Sign_Checkpoint_IsOriginSizeRootBlankLineAndOneSignatureLine()
    {
        using var key = LogSigningKey.FromSeed(new byte[32]);

        var note = SignedNote.Sign(new Checkpoint("example.org/transparency/saint-exemple", 7, Root), key);

        var lines = note.Split('\n');
        Assert.Equal("example.org/transparency/saint-exemple", lines[0]);
        Assert.Equal("7", lines[1]);
        Assert.Equal(Convert.ToBase64String(Root), lines[2]);
        Assert.Equal(string.Empty, lines[3]);
        Assert.StartsWith("\u2014 example.org/transparency/saint-exemple ", lines[4], StringComparison.Ordinal);
        Assert.Equal(68, Convert.FromBase64String(lines[4].Split(' ')[2]).Length);
        Assert.Equal(string.Empty, lines[5]);
    }

    [Fact]
    public void Open_WithTheVerifierKey_GivesTheCheckpoint()
    {
        using var key = LogSigningKey.FromSeed(new byte[32]);
        var publicKey = key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        var note = SignedNote.Sign(new Checkpoint("example.org/log", 7, Root), key);

        var (checkpoint, problem) = SignedNote.Open(note, SignedNote.VerifierKey("example.org/log", publicKey));

        Assert.Null(problem);
        Assert.Equal(7, checkpoint!.Size);
        Assert.Equal(Root, checkpoint.Root);
    }

    [Fact]
    public void Open_AlteredSizeOrOtherKey_IsRefusedWithTheReason()
    {
        using var key = LogSigningKey.FromSeed(new byte[32]);
        using var other = LogSigningKey.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
        var publicKey = key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        var note = SignedNote.Sign(new Checkpoint("example.org/log", 7, Root), key);

        Assert.Contains("does not verify", SignedNote.Open(note.Replace("\n7\n", "\n8\n", StringComparison.Ordinal), SignedNote.VerifierKey("example.org/log", publicKey)).Problem, StringComparison.Ordinal);
        Assert.Contains("no signature", SignedNote.Open(SignedNote.Sign(new Checkpoint("example.org/log", 7, Root), other), SignedNote.VerifierKey("example.org/log", publicKey)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyId_IsTheFirstFourBytesOfTheNameNewlineTypeAndKeyHash()
    {
        var publicKey = new byte[32];
        var expected = System.Security.Cryptography.SHA256.HashData([.. "example.org/log"u8, 0x0A, 0x01, .. publicKey])[..4];

        Assert.Equal(expected, SignedNote.KeyId("example.org/log", publicKey));
    }
}
