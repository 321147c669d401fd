using System.Globalization;
using System.Text.RegularExpressions;
using Serverless.Core.Signatures;

namespace Serverless.FaultHarness.Analysis;

/// <summary>
/// One blob of a decision's signature circuit (<c>{reference}/decision/v{version}-p{pass}-s{signed steps}.pdf</c>) as
/// the product's own verification reads it: how many signatures it carries, how many are valid, in how many fields;
/// and, from the raw bytes, how many signature dictionaries (<c>/ByteRange</c>) every revision of the file holds, so a
/// field signed again in a later revision is seen too. A blob of step n carries exactly n signatures, one per field,
/// and n byte ranges, unless a step signed twice.
/// </summary>
public sealed partial record DecisionDocumentFacts(string BlobName, int Version, int Pass, int SignedSteps, int Signatures, int ValidSignatures, int DistinctFields, int ByteRanges, string? Unreadable)
{
    private static readonly PdfSignatureReader Reader = new();

    public static DecisionDocumentFacts Read(string blobName, byte[] pdf)
    {
        var match = NameShape().Match(blobName);
        var (version, pass, steps) = match.Success
            ? (Number(match, "version"), Number(match, "pass"), Number(match, "steps"))
            : (-1, -1, -1);
        try
        {
            var signatures = Reader.Read(pdf);
            return new DecisionDocumentFacts(
                blobName,
                version,
                pass,
                steps,
                signatures.Count,
                signatures.Count(signature => signature.Valid),
                signatures.Select(signature => signature.FieldName).Distinct(StringComparer.Ordinal).Count(),
                Occurrences(pdf, "/ByteRange"u8),
                null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new DecisionDocumentFacts(blobName, version, pass, steps, 0, 0, 0, Occurrences(pdf, "/ByteRange"u8), exception.GetType().Name + ": " + exception.Message);
        }
    }

    /// <summary>More signatures or byte ranges than signed steps, or two signatures in one field: a step that signed twice.</summary>
    public bool SignedTwice => Signatures > Math.Max(SignedSteps, 0) || ByteRanges > Math.Max(SignedSteps, 0) || DistinctFields < Signatures;

    private static int Occurrences(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> token)
    {
        var count = 0;
        for (var at = bytes.IndexOf(token); at >= 0; at = bytes.IndexOf(token))
        {
            count++;
            bytes = bytes[(at + token.Length)..];
        }

        return count;
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"/decision/v(?<version>\d{3})-p(?<pass>\d{3})-s(?<steps>\d{2})\.pdf$")]
    private static partial Regex NameShape();
}
