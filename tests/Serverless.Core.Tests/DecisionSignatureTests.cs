using System.Text;
using Serverless.Core.Signatures;

namespace Serverless.Core.Tests;

/// <summary>
/// A decision visaed then signed by the mayor's deputy, each with their own key from the local authority, checked as
/// a citizen's tools would (poppler's pdfsig and pdftotext) and as the verification page does (PdfSignatureReader).
/// </summary>
public sealed class DecisionSignatureTests
{
    private static readonly DecisionDocumentRenderer Renderer = new();
    private static readonly PdfSignatureAppender Appender = DecisionSamples.Appender();
    private static readonly PdfSignatureReader Reader = new();
    private static readonly Lazy<Task<(byte[] Unsigned, byte[] Visaed, byte[] Signed)>> Signed = new(SignBothAsync);

    private static async Task<(byte[] Unsigned, byte[] Visaed, byte[] Signed)> SignBothAsync()
    {
        var authority = DecisionSamples.Authority.Value;
        var unsigned = Renderer.Render(DecisionSamples.Derogation());
        var visaed = await Appender.AppendAsync(unsigned, "visa-1", DecisionSamples.Visa(), await authority.GetAsync(DecisionSamples.DirectorGeneral, CancellationToken.None), CancellationToken.None);
        var signed = await Appender.AppendAsync(visaed, "signature", DecisionSamples.Decision(), await authority.GetAsync(DecisionSamples.Deputy, CancellationToken.None), CancellationToken.None);
        return (unsigned, visaed, signed);
    }

    [Fact]
    public async Task Pdfsig_VisaThenDecision_ReportsTwoValidSignaturesByTheSignatories()
    {
        var (_, _, signed) = await Signed.Value;

        var output = Poppler.Pdfsig(signed);
        Artefacts.Keep("decision-two-signatures.pdf", signed);
        Artefacts.Keep("decision-two-signatures.pdfsig.txt", Encoding.UTF8.GetBytes(output));

        Assert.Contains("Signature #1:", output, StringComparison.Ordinal);
        Assert.Contains("Signature #2:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature #3:", output, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences(output, "Signature Validation: Signature is Valid."));
        Assert.Contains("Signer Certificate Common Name: Claire Lambert", output, StringComparison.Ordinal);
        Assert.Contains("Signer Certificate Common Name: Marie Durand", output, StringComparison.Ordinal);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdfsig_VisaThenDecision_FirstCoversItsRevisionAndTheLastTheWholeDocument()
    {
        var (_, _, signed) = await Signed.Value;

        var output = Poppler.Pdfsig(signed);

        var second = output.IndexOf("Signature #2:", StringComparison.Ordinal);
        Assert.Contains("Not total document signed", output[..second], StringComparison.Ordinal);
        Assert.Contains("Total document signed", output[second..], StringComparison.Ordinal);
        Assert.DoesNotContain("Not total document signed", output[second..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_VisaThenDecision_ListsEachSignerTheirCapacityKindAndTime()
    {
        var (_, _, signed) = await Signed.Value;

        var signatures = Reader.Read(signed);

        Assert.Collection(
            signatures,
            visa =>
            {
                Assert.Equal(("visa-1", "Claire Lambert", "Directrice générale des services", SignatureKind.Visa), (visa.FieldName, visa.SignerName, visa.Capacity, visa.Kind));
                Assert.Equal(DecisionSamples.VisaAt, visa.SignedAt);
                Assert.True(visa.Valid);
                Assert.False(visa.CoversWholeDocument);
                Assert.Null(visa.TimestampedAt);
            },
            decision =>
            {
                Assert.Equal(("signature", "Marie Durand", DecisionSamples.DeputyCapacity, SignatureKind.Decision), (decision.FieldName, decision.SignerName, decision.Capacity, decision.Kind));
                Assert.Equal(DecisionSamples.DecisionAt, decision.SignedAt);
                Assert.True(decision.Valid);
                Assert.True(decision.CoversWholeDocument);
                Assert.StartsWith("Autorité locale des signataires", decision.Issuer, StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task AppendAsync_EachSignature_KeepsThePreviousFileAsItsPrefix()
    {
        var (unsigned, visaed, signed) = await Signed.Value;

        Assert.True(visaed.AsSpan().StartsWith(unsigned));
        Assert.True(signed.AsSpan().StartsWith(visaed));
        Assert.Empty(Reader.Read(unsigned));
    }

    [Fact]
    public async Task PdfsigAndRead_OneByteAlteredInTheDecisionText_SayNoSignatureIsValid()
    {
        var (unsigned, _, signed) = await Signed.Value;
        var tampered = signed.ToArray();
        // A byte in the middle of the first page's content stream: the text of the decision, covered by both signatures.
        var stream = IndexOf(unsigned, "stream\n"u8.ToArray());
        tampered[stream + 40] ^= 0x01;

        var output = Poppler.Pdfsig(tampered);
        var signatures = Reader.Read(tampered);

        Assert.DoesNotContain("Signature is Valid", output, StringComparison.Ordinal);
        Assert.Equal(2, signatures.Count);
        Assert.All(signatures, signature => Assert.False(signature.Valid));
    }

    [Fact]
    public async Task AppendAsync_FieldAlreadySigned_ThrowsAndSaysSo()
    {
        var (_, visaed, _) = await Signed.Value;
        var key = await DecisionSamples.Authority.Value.GetAsync(DecisionSamples.DirectorGeneral, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SignatureFieldException>(() => Appender.AppendAsync(visaed, "visa-1", DecisionSamples.Visa(), key, CancellationToken.None));

        Assert.Contains("already signed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_UnknownField_ThrowsAndNamesTheFieldsThereAre()
    {
        var (unsigned, _, _) = await Signed.Value;
        var key = await DecisionSamples.Authority.Value.GetAsync(DecisionSamples.DirectorGeneral, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SignatureFieldException>(() => Appender.AppendAsync(unsigned, "visa-9", DecisionSamples.Visa(), key, CancellationToken.None));

        Assert.Contains("visa-9", refused.Message, StringComparison.Ordinal);
        Assert.Contains("visa-1, signature", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdftotext_SignedDecision_ShowsTheLabelsSignersAndCapacities()
    {
        var (_, _, signed) = await Signed.Value;

        var text = Normalise(Poppler.Pdftotext(signed));

        Assert.Contains("Visa : Directrice générale des services", text, StringComparison.Ordinal);
        Assert.Contains("Visé électroniquement par Claire Lambert", text, StringComparison.Ordinal);
        Assert.Contains("Signé électroniquement par Marie Durand", text, StringComparison.Ordinal);
        Assert.Contains("Pour le maire et par délégation, Marie Durand, adjointe déléguée", text, StringComparison.Ordinal);
        Assert.Contains("4 décembre 2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Decision_HasOneEmptySignatureFieldPerSlotOnTheLastPage()
    {
        var pdf = Renderer.Render(DecisionSamples.Derogation());

        var output = Poppler.Pdfsig(pdf);

        Assert.Empty(Reader.Read(pdf));
        Assert.Equal(2, Occurrences(output, "The signature form field is not signed."));
        Assert.Contains("Signature Field Name: visa-1", output, StringComparison.Ordinal);
        Assert.Contains("Signature Field Name: signature", output, StringComparison.Ordinal);
        var text = Normalise(Poppler.Pdftotext(pdf));
        Assert.Contains("Visa : Directrice générale des services", text, StringComparison.Ordinal);
        Assert.Contains("Le maire", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cms_VisaSignature_IsPadesBaselineB()
    {
        var (_, visaed, _) = await Signed.Value;

        var cms = SignedPdf.Verify(visaed);

        var signer = Assert.Single(cms.SignerInfos.Cast<System.Security.Cryptography.Pkcs.SignerInfo>());
        var attributes = signer.SignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>().Select(attribute => attribute.Oid.Value).ToList();
        Assert.Contains(CadesSignature.SigningCertificateV2Oid, attributes);
        Assert.DoesNotContain("1.2.840.113549.1.9.5", attributes); // signing-time: not in a PAdES signature, the time is /M
        Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value);
        Assert.Contains(cms.Certificates.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>(), certificate => certificate.Thumbprint == DecisionSamples.Authority.Value.Root.Thumbprint);
    }

    [Fact]
    public async Task AppendAsync_ChainLongerThanForeseen_LaysTheUpdateOutAgainAndTheSignatureIsValid()
    {
        var authority = DecisionSamples.Authority.Value;
        var intermediates = Enumerable.Range(1, 6).Select(index => System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(TestSigningCertificates.CreatePfx($"Autorité intermédiaire {index}", null), null)).ToList();
        var key = new GrowingChainKey(await authority.GetAsync(DecisionSamples.Deputy, CancellationToken.None), intermediates);
        var unsigned = Renderer.Render(DecisionSamples.Derogation());

        var signed = await Appender.AppendAsync(unsigned, "signature", DecisionSamples.Decision(), key, CancellationToken.None);

        Assert.Contains("Signature Validation: Signature is Valid.", Poppler.Pdfsig(signed), StringComparison.Ordinal);
        Assert.True(Assert.Single(Reader.Read(signed)).Valid);
        Assert.True(signed.AsSpan().StartsWith(unsigned));
        Assert.Equal(7, SignedPdf.Verify(signed).Certificates.Count);
    }

    [Fact]
    public async Task AppendAsync_CapacityTooLongForTheBox_CutsItAndKeepsTheDateAndPlace()
    {
        var key = await DecisionSamples.Authority.Value.GetAsync(DecisionSamples.Deputy, CancellationToken.None);
        var capacity = string.Join(", ", Enumerable.Repeat(DecisionSamples.DeputyCapacity, 4));
        var unsigned = Renderer.Render(DecisionSamples.Derogation());

        var signed = await Appender.AppendAsync(unsigned, "signature", DecisionSamples.Decision() with { Capacity = capacity }, key, CancellationToken.None);

        var text = Normalise(Poppler.Pdftotext(signed));
        Assert.Contains("…", text, StringComparison.Ordinal);
        Assert.Contains("le 4 décembre 2026 à 17:40 (heure de Paris) à Saint-Exemple", text, StringComparison.Ordinal);
        Assert.Equal(capacity, Assert.Single(Reader.Read(signed)).Capacity);
    }

    /// <summary>A key whose chain is empty when the room is estimated, and six certificates long when the CMS is made.</summary>
    private sealed class GrowingChainKey(ISignatoryKey inner, List<System.Security.Cryptography.X509Certificates.X509Certificate2> intermediates) : ISignatoryKey
    {
        private int reads;

        public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate => inner.Certificate;

        public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Chain => Interlocked.Increment(ref reads) == 1 ? [] : intermediates;

        public Task<byte[]> SignHashAsync(byte[] hash, CancellationToken cancellationToken) => inner.SignHashAsync(hash, cancellationToken);
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    private static int IndexOf(byte[] bytes, byte[] value) => bytes.AsSpan().IndexOf(value) + value.Length;
}
