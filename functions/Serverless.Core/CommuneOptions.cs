namespace Serverless.Core;

/// <summary>Who runs this deployment: shown on pages, e-mails and certificates.</summary>
public sealed class CommuneOptions
{
    public const string Section = "Commune";

    public string Name { get; set; } = "Commune";

    public string Address { get; set; } = string.Empty;

    public string City { get; set; } = string.Empty;

    /// <summary>Comma-separated postal codes of the commune; addresses must use one of them (empty: any).</summary>
    public string PostalCodes { get; set; } = string.Empty;

    /// <summary>PNG logo printed on certificates: absolute, or relative to the app's folder (empty: no logo).</summary>
    public string LogoPath { get; set; } = string.Empty;

    public IReadOnlyCollection<string> PostalCodeList =>
        PostalCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The public address of the API, used to build links in e-mails and QR codes.</summary>
public sealed class PublicUrlOptions
{
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    public string Api(string relative) => $"{PublicBaseUrl.TrimEnd('/')}/api/{relative.TrimStart('/')}";
}
