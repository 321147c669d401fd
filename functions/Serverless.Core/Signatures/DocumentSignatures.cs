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
        catch (Exception exception) when (exception is not (OutOfMemoryException or OperationCanceledException))
        {
            // Any upload reaches this page, and the PDF parser throws exceptions of several kinds on a damaged file
            // (CertificateVerificationEndToEndTests' junk uploads): a file it cannot follow is listed as unreadable.
            return null;
        }
    }
}
