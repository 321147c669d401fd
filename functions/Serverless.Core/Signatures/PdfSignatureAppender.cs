using System.Globalization;
using System.Text;

namespace Serverless.Core.Signatures;

/// <summary>
/// Fills one empty signature field of a PDF with a PAdES signature, as an incremental update (ISO 32000-1 §7.5.6,
/// §12.8.1): the given bytes are returned unchanged, followed by the signature dictionary, the field's visible
/// appearance, the field itself pointing at both, and a cross-reference section. Earlier signatures keep covering
/// exactly the bytes they covered, so they stay valid; the last one covers the whole file.
/// </summary>
public sealed class PdfSignatureAppender(CadesSignature cades)
{
    /// <summary>A private entry of the signature dictionary: whether it is a visa or the decision (readers ignore keys they do not know).</summary>
    public const string KindKey = "/CitizenSignatureKind";

    private const string ByteRangePlaceholder = "/ByteRange [0 ********** ********** **********]";

    public async Task<byte[]> AppendAsync(byte[] pdf, string fieldName, SignatureMark mark, ISignatoryKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(mark);
        ArgumentNullException.ThrowIfNull(key);
        var revision = PdfRevision.Of(pdf);
        var target = Target.Find(pdf, fieldName, signatureNumber: revision.Size, appearanceNumber: revision.Size + 1);
        var room = cades.EstimatedSize(key);
        while (true)
        {
            var document = Layout(pdf, revision, target, mark, room);
            var (contentsStart, contentsEnd) = PlaceByteRange(document, pdf.Length);
            var signedBytes = new byte[contentsStart + (document.Length - contentsEnd)];
            document.AsSpan(0, contentsStart).CopyTo(signedBytes);
            document.AsSpan(contentsEnd).CopyTo(signedBytes.AsSpan(contentsStart));
            var cms = await cades.SignAsync(signedBytes, key, cancellationToken);
            if (cms.Length > room)
            {
                // A longer chain or token than foreseen: lay the update out again with room for it (signed again, same /M).
                room = cms.Length + 1024;
                continue;
            }

            Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(document.AsSpan(contentsStart + 1));
            return document;
        }
    }

    private static byte[] Layout(byte[] pdf, PdfRevision revision, Target target, SignatureMark mark, int room)
    {
        var signatureNumber = revision.Size;
        var appearanceNumber = revision.Size + 1;
        var regularFontNumber = revision.Size + 2;
        var boldFontNumber = revision.Size + 3;
        var update = new IncrementalUpdate(revision);
        update.Add(signatureNumber, 0, SignatureDictionary(mark, room));
        update.Add(appearanceNumber, 0, SignatureAppearanceStream.Object(mark, target.Width, target.Height, PdfSyntax.Reference(regularFontNumber, 0), PdfSyntax.Reference(boldFontNumber, 0)));
        update.Add(regularFontNumber, 0, SignatureAppearanceStream.FontObject(SignatureAppearanceStream.RegularFont));
        update.Add(boldFontNumber, 0, SignatureAppearanceStream.FontObject(SignatureAppearanceStream.BoldFont));
        update.Add(target.FieldNumber, target.FieldGeneration, target.FieldText);
        if (target.Form is { } form)
        {
            update.Add(form.Number, form.Generation, form.Text);
        }

        return update.AppendTo(pdf, revision.Size + 4);
    }

    /// <summary>The signature dictionary (§12.8.1, Table 252) with a zero-filled /Contents of <paramref name="room"/> bytes.</summary>
    private static string SignatureDictionary(SignatureMark mark, int room) =>
        $"<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n{ByteRangePlaceholder}\n/Contents <{new string('0', room * 2)}>\n" +
        $"/M {PdfSyntax.Date(mark.SignedAt)} /Name {PdfSyntax.Text(mark.Signatory.Name)}\n/Reason {PdfSyntax.Text(mark.Capacity)}\n/Location {PdfSyntax.Text(mark.Location)}\n" +
        $"{KindKey} /{mark.Kind} /Prop_Build <</App <</Name /Citizen-e-services>>>>>>";

    /// <summary>Writes the real /ByteRange over its placeholder: everything but the /Contents hex string, to the end of the file.</summary>
    private static (int ContentsStart, int ContentsEnd) PlaceByteRange(byte[] document, int updateStart)
    {
        var update = document.AsSpan(updateStart);
        var rangeAt = updateStart + update.IndexOf(Encoding.ASCII.GetBytes(ByteRangePlaceholder));
        var contentsAt = updateStart + update.IndexOf("/Contents <"u8);
        var contentsStart = contentsAt + "/Contents ".Length;
        var contentsEnd = Array.IndexOf(document, (byte)'>', contentsStart) + 1;
        var ranges = string.Create(CultureInfo.InvariantCulture, $"/ByteRange [0 {contentsStart} {contentsEnd} {document.Length - contentsEnd}]");
        Encoding.ASCII.GetBytes(ranges.PadRight(ByteRangePlaceholder.Length)).CopyTo(document.AsSpan(rangeAt));
        return (contentsStart, contentsEnd);
    }

    /// <summary>The empty field to fill, written again with its value and appearance; its box size; the form dictionary when it changes.</summary>
    private sealed record Target(int FieldNumber, int FieldGeneration, string FieldText, double Width, double Height, (int Number, int Generation, string Text)? Form)
    {
        public static Target Find(byte[] pdf, string fieldName, int signatureNumber, int appearanceNumber)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(fieldName);
            using var document = SignatureFields.Open(pdf);
            var fields = SignatureFields.All(document);
            var field = fields.FirstOrDefault(candidate => candidate.Name == fieldName)
                ?? throw new SignatureFieldException($"The document has no signature field named \"{fieldName}\" (it has: {string.Join(", ", fields.Select(candidate => candidate.Name))}).");
            if (field.IsSigned)
            {
                throw new SignatureFieldException($"The signature field \"{fieldName}\" is already signed: a field is signed once.");
            }

            var rectangle = field.Dictionary.Elements.GetRectangle("/Rect");
            if (rectangle.Width <= 0 || rectangle.Height <= 0)
            {
                throw new SignatureFieldException($"The signature field \"{fieldName}\" has no visible box (/Rect).");
            }

            var fieldText = PdfSyntax.Dictionary(field.Dictionary, new Dictionary<string, string>
            {
                ["/V"] = PdfSyntax.Reference(signatureNumber, 0),
                ["/AP"] = $"<</N {PdfSyntax.Reference(appearanceNumber, 0)}>>",
            });
            (int, int, string)? form = null;
            if (SignatureFields.IndirectForm(document) is { Reference: { } reference } dictionary && dictionary.Elements.GetInteger("/SigFlags") != 3)
            {
                // SignaturesExist | AppendOnly (§12.7.2): tells editors to save changes as updates, never to rewrite the file.
                form = (reference.ObjectNumber, reference.GenerationNumber, PdfSyntax.Dictionary(dictionary, new Dictionary<string, string> { ["/SigFlags"] = "3" }));
            }

            return new Target(field.ObjectNumber, field.GenerationNumber, fieldText, rectangle.Width, rectangle.Height, form);
        }
    }
}
