namespace Serverless.Core.Certificates;

/// <summary>
/// Where the commune's signing certificate comes from, in this order: <see cref="Pfx"/> (base64 PKCS#12, as an Azure
/// Key Vault reference delivers it), <see cref="PfxPath"/> (a file), or else a self-signed certificate generated for
/// local development and kept outside the repository.
/// </summary>
public sealed class CertificateSigningOptions
{
    public const string Section = "CertificateSigning";

    /// <summary>Base64 PFX with its private key (Key Vault secret or certificate). Wins over <see cref="PfxPath"/>.</summary>
    public string Pfx { get; set; } = string.Empty;

    /// <summary>Path of a PFX file (absolute, or relative to the app's folder).</summary>
    public string PfxPath { get; set; } = string.Empty;

    /// <summary>Password of the PFX (of either form); empty when it has none.</summary>
    public string PfxPassword { get; set; } = string.Empty;

    /// <summary>
    /// Folder for the generated local development certificate. Empty: <c>$XDG_DATA_HOME/citizen-eservices</c>
    /// (<c>~/.local/share/citizen-eservices</c> on Linux, the local application data folder elsewhere).
    /// </summary>
    public string LocalDirectory { get; set; } = string.Empty;
}
