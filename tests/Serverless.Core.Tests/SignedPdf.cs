using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Core.Tests;

/// <summary>
/// Checks a PDF signature the way a verifier does, without PDFsharp: the bytes named by /ByteRange must match the
/// CMS (PKCS#7 detached) message hex-encoded in /Contents.
/// </summary>
internal static partial class SignedPdf
{
    public sealed record Ranges(int Start1, int Length1, int Start2, int Length2);

    public static Ranges ByteRange(byte[] pdf)
    {
        var match = ByteRangePattern().Match(Encoding.Latin1.GetString(pdf));
        Assert.True(match.Success, "The PDF has no /ByteRange: it is not signed.");
        int Number(int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        return new Ranges(Number(1), Number(2), Number(3), Number(4));
    }

    /// <summary>The CMS message of /Contents, without the zero padding after it.</summary>
    public static SignedCms Cms(byte[] pdf, Ranges ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var hex = Encoding.ASCII.GetString(pdf, ranges.Length1, ranges.Start2 - ranges.Length1).Trim('<', '>');
        var padded = Convert.FromHexString(hex);
        var encoded = new AsnReader(padded, AsnEncodingRules.BER).PeekEncodedValue().ToArray();
        var signedBytes = pdf[ranges.Start1..(ranges.Start1 + ranges.Length1)].Concat(pdf[ranges.Start2..(ranges.Start2 + ranges.Length2)]).ToArray();
        var cms = new SignedCms(new ContentInfo(signedBytes), detached: true);
        cms.Decode(encoded);
        return cms;
    }

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> when the signed bytes were altered.</summary>
    public static SignedCms Verify(byte[] pdf)
    {
        var ranges = ByteRange(pdf);
        Assert.Equal(0, ranges.Start1);
        Assert.Equal(pdf.Length, ranges.Start2 + ranges.Length2);
        var cms = Cms(pdf, ranges);
        cms.CheckSignature(verifySignatureOnly: true);
        return cms;
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();
}
