namespace Serverless.Core.Tokens;

/// <summary>
/// The keys of every signed link (review, revocation, erasure): the setting section keeps its historical name,
/// <c>ReviewTokens</c>, which deployments already carry.
/// </summary>
public sealed class ReviewTokenOptions
{
    public const string Section = "ReviewTokens";

    /// <summary>The key id new links are signed with.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>Base64 keys by id. Old keys stay here (verify only) until links signed with them have expired.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];
}

/// <summary>Why a signed link was refused.</summary>
public enum TokenProblem
{
    None,
    Malformed,
    UnknownKey,
    BadSignature,
    Expired,
}
