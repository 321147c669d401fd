using Serverless.Core.Certificates;

namespace Serverless.Core.Signatures;

/// <summary>The verification page's view of a PDF's signatures, read by <see cref="PdfSignatureReader"/>.</summary>
public sealed class DocumentSignatures(PdfSignatureReader reader) : IDocumentSignatures
{
    public IReadOnlyList<DocumentSigner>? Read(byte[] pdf)
    {
        try
        {
            return [.. reader.Read(pdf).Select(signature => new DocumentSigner(
                signature.SignerName,
                signature.Capacity,
                signature.Kind == SignatureKind.Visa,
                signature.SignedAt,
                signature.TimestampedAt,
                signature.Valid,
                signature.CoversWholeDocument,
                signature.Issuer))];
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or NotSupportedException or IOException or SignatureFieldException or System.Security.Cryptography.CryptographicException)
        {
            // Any upload reaches this page: a file whose structure the reader cannot follow is listed as unreadable.
            return null;
        }
    }
}
