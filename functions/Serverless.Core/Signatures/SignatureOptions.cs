namespace Serverless.Core.Signatures;

/// <summary>Settings of the elected officials' signatures (section <c>Signatures</c>).</summary>
public sealed class SignatureOptions
{
    public const string Section = "Signatures";

    /// <summary>An RFC 3161 authority: when set, every signature carries its timestamp token (PAdES B-T).</summary>
    public string? TimestampAuthorityUrl { get; set; }

    /// <summary>When set, each signatory's certificate and key live in this vault and the key signs there.</summary>
    public string? KeyVaultUri { get; set; }

    /// <summary>Where the local certificate authority keeps its files; by default citizen-eservices/ under the local data folder.</summary>
    public string? LocalDirectory { get; set; }
}
