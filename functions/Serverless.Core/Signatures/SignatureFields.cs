using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Serverless.Core.Signatures;

/// <summary>A signature field of the interactive form (§12.7.4.5) and the dictionary that holds it (field and widget merged).</summary>
internal sealed record SignatureField(string Name, PdfDictionary Dictionary)
{
    public bool IsSigned => Dictionary.Elements["/V"] is not (null or PdfNull);

    public int ObjectNumber => Dictionary.Reference?.ObjectNumber ?? throw new NotSupportedException($"The field {Name} is not an indirect object.");

    public int GenerationNumber => Dictionary.Reference?.GenerationNumber ?? 0;

    /// <summary>The signature dictionary of a signed field.</summary>
    public PdfDictionary? Value => Resolve(Dictionary.Elements["/V"]) as PdfDictionary;

    public static PdfItem? Resolve(PdfItem? item) => item is PdfReference reference ? reference.Value : item;
}

/// <summary>Reads a document's signature fields with PDFsharp (opened for import: nothing is written back).</summary>
internal static class SignatureFields
{
    public static PdfDocument Open(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        return PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Import);
    }

    /// <summary>Every signature field, by fully qualified name (§12.7.3.2: partial names joined by dots).</summary>
    public static IReadOnlyList<SignatureField> All(PdfDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var found = new List<SignatureField>();
        if (SignatureField.Resolve(document.Internals.Catalog.Elements["/AcroForm"]) is PdfDictionary form
            && SignatureField.Resolve(form.Elements["/Fields"]) is PdfArray fields)
        {
            Collect(fields, prefix: null, inheritedType: null, found);
        }

        return found;
    }

    /// <summary>The interactive form dictionary, when it is an object of its own (it then gets /SigFlags in the update).</summary>
    public static PdfDictionary? IndirectForm(PdfDocument document) =>
        document.Internals.Catalog.Elements["/AcroForm"] is PdfReference { Value: PdfDictionary form } ? form : null;

    private static void Collect(PdfArray fields, string? prefix, string? inheritedType, List<SignatureField> found)
    {
        foreach (var item in fields.Elements)
        {
            if (SignatureField.Resolve(item) is not PdfDictionary field)
            {
                continue;
            }

            var partial = field.Elements.GetString("/T");
            var name = prefix is null ? partial : string.IsNullOrEmpty(partial) ? prefix : $"{prefix}.{partial}";
            var type = field.Elements.GetName("/FT") is { Length: > 0 } own ? own : inheritedType;
            if (SignatureField.Resolve(field.Elements["/Kids"]) is PdfArray kids && kids.Elements.Any(kid => SignatureField.Resolve(kid) is PdfDictionary child && child.Elements.ContainsKey("/T")))
            {
                Collect(kids, name, type, found);
            }
            else if (type == "/Sig" && !string.IsNullOrEmpty(name))
            {
                found.Add(new SignatureField(name, field));
            }
        }
    }
}
