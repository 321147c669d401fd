namespace Serverless.Core.Signatures;

/// <summary>A person who signs for a commune. <paramref name="Id"/> is stable ("maire", "dgs", "adjointe-education"): it names their key.</summary>
public sealed record Signatory(string Commune, string Id, string Name, string Title);

/// <summary>A visa is a service head's approval; the decision is the elected official's signature.</summary>
public enum SignatureKind
{
    Visa,
    Decision,
}

/// <summary>
/// One signature as the document shows it. <paramref name="Capacity"/> is the printed quality line ("Le maire", or
/// "Pour le maire et par délégation, …"); it is also the signature's /Reason, so a PDF reader shows it.
/// </summary>
public sealed record SignatureMark(Signatory Signatory, SignatureKind Kind, string Capacity, DateTimeOffset SignedAt, string Location);

/// <summary>An empty signature field of a decision document and the label printed above its box.</summary>
public sealed record SignatureSlot(string FieldName, string Label);

/// <summary>What a verifier learns of one signature: who, in what capacity, when, and whether the bytes still match.</summary>
public sealed record PdfSignatureInfo(
    string FieldName,
    string SignerName,
    string Capacity,
    SignatureKind Kind,
    DateTimeOffset SignedAt,
    DateTimeOffset? TimestampedAt,
    bool Valid,
    bool CoversWholeDocument,
    string Issuer);
