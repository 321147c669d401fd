using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;

namespace Serverless.Core.Signatures;

/// <summary>
/// Every signature of a PDF as the verification page lists them: who signed (the certificate's name), in what
/// capacity (/Reason), when (/M, and the timestamp authority's time when there is a token), and whether the bytes
/// named by /ByteRange still match the CMS. Trust in the issuer is for the reader to judge: the issuer is reported.
/// </summary>
public sealed partial class PdfSignatureReader
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A service the circuit receives by injection, like the appender.")]
    public IReadOnlyList<PdfSignatureInfo> Read(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        using var document = SignatureFields.Open(pdf);
        var signatures = new List<(long SignedLength, PdfSignatureInfo Info)>();
        foreach (var field in SignatureFields.All(document))
        {
            if (field.Value is { } value)
            {
                var ranges = Ranges(value);
                signatures.Add((ranges is null ? long.MaxValue : ranges[2] + ranges[3], Describe(pdf, field.Name, value, ranges)));
            }
        }

        // In the order they were made: each later signature covers a longer part of the file (its revision).
        return [.. signatures.OrderBy(signature => signature.SignedLength).Select(signature => signature.Info)];
    }

    private static PdfSignatureInfo Describe(byte[] pdf, string fieldName, PdfDictionary signature, long[]? ranges)
    {
        var kind = signature.Elements.GetName(PdfSignatureAppender.KindKey) == $"/{SignatureKind.Visa}" ? SignatureKind.Visa : SignatureKind.Decision;
        var capacity = signature.Elements.GetString("/Reason");
        var signedAt = Date(signature.Elements.GetString("/M"));
        var covers = ranges is { } r && r[2] + r[3] == pdf.Length;
        var verified = ranges is null ? null : Verify(pdf, ranges);
        var certificate = verified?.Signer.Certificate;
        return new PdfSignatureInfo(
            fieldName,
            certificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false) ?? signature.Elements.GetString("/Name"),
            capacity,
            kind,
            signedAt,
            verified?.TimestampedAt,
            verified is { Valid: true },
            covers,
            certificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: true) ?? string.Empty);
    }

    private sealed record Verification(SignerInfo Signer, bool Valid, DateTimeOffset? TimestampedAt);

    /// <summary>The four /ByteRange numbers, when they are well formed: from 0, a gap, to within the file.</summary>
    private static long[]? Ranges(PdfDictionary signature)
    {
        if (SignatureField.Resolve(signature.Elements["/ByteRange"]) is not PdfArray { Elements.Count: 4 } array)
        {
            return null;
        }

        var numbers = array.Elements.Select(item => item switch
        {
            PdfInteger integer => integer.Value,
            PdfLongInteger integer => integer.Value,
            _ => -1L,
        }).ToArray();
        return numbers[0] == 0 && numbers[1] > 0 && numbers[2] > numbers[1] && numbers[3] >= 0 ? numbers : null;
    }

    private static Verification? Verify(byte[] pdf, long[] ranges)
    {
        var (gapStart, gapEnd, end) = ((int)ranges[1], (int)ranges[2], ranges[2] + ranges[3]);
        // The gap must be exactly the /Contents hex string, or unsigned bytes could hide in it.
        if (end > pdf.Length || pdf[gapStart] != (byte)'<' || pdf[gapEnd - 1] != (byte)'>')
        {
            return null;
        }

        SignedCms cms;
        try
        {
            var contents = Convert.FromHexString(Encoding.ASCII.GetString(pdf, gapStart + 1, gapEnd - gapStart - 2));
            // /Contents is zero-padded after the CMS: take the one DER value at its start.
            var encoded = new AsnReader(contents, AsnEncodingRules.BER).PeekEncodedValue().ToArray();
            var signed = new byte[gapStart + (int)ranges[3]];
            pdf.AsSpan(0, gapStart).CopyTo(signed);
            pdf.AsSpan(gapEnd, (int)ranges[3]).CopyTo(signed.AsSpan(gapStart));
            cms = new SignedCms(new ContentInfo(signed), detached: true);
            cms.Decode(encoded);
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or AsnContentException)
        {
            return null;
        }

        if (cms.SignerInfos.Count != 1)
        {
            return null;
        }

        var signer = cms.SignerInfos[0];
        try
        {
            cms.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            return new Verification(signer, Valid: false, TimestampedAt: null);
        }

        var (tokenValid, time) = Timestamp(signer);
        return new Verification(signer, tokenValid, time);
    }

    /// <summary>The signature-time-stamp, if any: a token that does not match the signature value makes the signature invalid.</summary>
    private static (bool Valid, DateTimeOffset? Time) Timestamp(SignerInfo signer)
    {
        foreach (var attribute in signer.UnsignedAttributes)
        {
            if (attribute.Oid.Value != SignatureTimestamper.AttributeOid)
            {
                continue;
            }

            var raw = attribute.Values[0].RawData;
            if (!Rfc3161TimestampToken.TryDecode(raw, out var token, out _) || !token.VerifySignatureForSignerInfo(signer, out _))
            {
                return (false, null);
            }

            return (true, token.TokenInfo.Timestamp);
        }

        return (true, null);
    }

    /// <summary>A PDF date (§7.9.4) as written by the appender and most signers: D:YYYYMMDDHHmmSS with Z or ±HH'mm'.</summary>
    private static DateTimeOffset Date(string value)
    {
        var match = DatePattern().Match(value);
        if (!match.Success)
        {
            return DateTimeOffset.MinValue;
        }

        var local = DateTime.ParseExact(match.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var offset = match.Groups["sign"].Success
            ? new TimeSpan(int.Parse(match.Groups["hours"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture), 0) * (match.Groups["sign"].Value == "-" ? -1 : 1)
            : TimeSpan.Zero;
        return new DateTimeOffset(local, offset);
    }

    [GeneratedRegex(@"D:(?<time>\d{14})(?:Z|(?<sign>[+-])(?<hours>\d{2})'?(?<minutes>\d{2})'?)?")]
    private static partial Regex DatePattern();
}
