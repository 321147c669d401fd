namespace Serverless.Core.Procedures;

/// <summary>A commune served by the deployment: its identity on pages, e-mails and certificates, and its reviewers.</summary>
public sealed record CommuneDefinition(
    string Id,
    string Name,
    string Address,
    string City,
    IReadOnlyList<string> PostalCodes,
    string ContactEmail,
    string SenderAddress,
    string SenderName,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Roles)
{
    /// <summary>The logo as PNG bytes, if the definition names one and it could be read.</summary>
    public byte[]? Logo { get; init; }

    public string? Phone { get; init; }

    /// <summary>"Département du Gard": the second line of the heading of the commune's pages and certificates.</summary>
    public string? Department { get; init; }

    /// <summary>The commune's colour (#rrggbb), checked at load to carry white text at 4.5:1 or more.</summary>
    public string Colour { get; init; } = ThemeColour.Default;

    /// <summary>Who is told when an application is held up by a technical incident.</summary>
    public string AdministratorEmail => AdministratorAddress ?? ContactEmail;

    public string? AdministratorAddress { get; init; }

    /// <summary>How many submissions one client address and one recipient address may make (catalogue, or safe defaults).</summary>
    public AbuseLimits Limits { get; init; } = AbuseLimits.Default;

    /// <summary>Where this commune's events are delivered (catalogue <c>webhooks</c>; empty: none).</summary>
    public IReadOnlyList<WebhookEndpoint> Webhooks { get; init; } = [];
    /// <summary>The commune's SIREN (9 digits) and its town hall's SIRET (14), on every row of its open data as the producer.</summary>
    public string? Siren { get; init; }

    public string? Siret { get; init; }

    /// <summary>True for the shipped sample communes: their SIREN and SIRET are fictitious, and their pages say so.</summary>
    public bool IdentifiersAreExamples { get; init; }

    /// <summary>Published counts below this are suppressed (statistical secrecy); 11 unless the catalogue says otherwise.</summary>
    public int SecrecyThreshold { get; init; } = DefaultSecrecyThreshold;

    public const int DefaultSecrecyThreshold = 11;

    /// <summary>Who gives visas and signs decisions (catalogue <c>signatories</c>).</summary>
    public IReadOnlyList<SignatoryDefinition> Signatories { get; init; } = [];

    /// <summary>Délégations de signature in force or not (catalogue <c>delegations</c>; checked against the date of each signature).</summary>
    public IReadOnlyList<DelegationDefinition> Delegations { get; init; } = [];

    /// <summary>The régies de recettes that collect through PayFiP (catalogue <c>regies</c>).</summary>
    public IReadOnlyList<RegieDefinition> Regies { get; init; } = [];

    public RegieDefinition? Regie(string id) => Regies.FirstOrDefault(regie => regie.Id == id);

    public SignatoryDefinition? Signatory(string id) => Signatories.FirstOrDefault(signatory => signatory.Id == id);
}
