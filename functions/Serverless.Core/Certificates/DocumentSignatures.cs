namespace Serverless.Core.Certificates;

/// <summary>One signature of an uploaded PDF, as the verification page lists it.</summary>
public sealed record DocumentSigner(string Name, string Capacity, bool Visa, DateTimeOffset SignedAt, DateTimeOffset? TimestampedAt, bool Valid, bool CoversWholeDocument, string Issuer);

/// <summary>
/// Reads the signatures of a PDF for the verification page (a signed decision carries one per visa and one for the
/// elected official). Implemented by the signature engine; null when the file's signatures cannot be read.
/// </summary>
public interface IDocumentSignatures
{
    IReadOnlyList<DocumentSigner>? Read(byte[] pdf);
}
