namespace Serverless.Core.Certificates;

/// <summary>Everything printed on a certificate, already in words (no lookups while drawing).</summary>
public sealed record CertificateContent(
    string CommuneName,
    string CommuneAddress,
    string CommuneCity,
    string Title,
    string Body,
    IReadOnlyList<(string Label, string Value)> Fields,
    string Number,
    string Reference,
    DateTimeOffset IssuedAt,
    string IssuedOnText,
    string SignatoryTitle,
    string VerificationUrl)
{
    /// <summary>The commune's logo (PNG), printed at the top right; null prints none.</summary>
    public byte[]? LogoPng { get; init; }

    /// <summary>"Département du Gard", under « République française » in the heading; null prints none.</summary>
    public string? Department { get; init; }

    /// <summary>The commune's colour (#rrggbb): its name and the document's title.</summary>
    public string Colour { get; init; } = Procedures.ThemeColour.Default;
}
