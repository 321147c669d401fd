using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Core.Signatures;

/// <summary>
/// The CMS of a PAdES baseline signature (ETSI EN 319 142-1 §6.3, level B-B; B-T with a timestamp): detached over
/// the /ByteRange bytes, SHA-256, signed attributes content-type, message-digest and ESS signing-certificate-v2
/// (RFC 5035), no signing-time (the time is the signature dictionary's /M), the certificate chain included.
/// </summary>
public sealed class CadesSignature(SignatureTimestamper timestamper)
{
    /// <summary>id-aa-signingCertificateV2 (RFC 5035 §3).</summary>
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";

    /// <summary>Room for the encoded CMS: certificates, signature, attributes, and a timestamp token when one comes.</summary>
    public int EstimatedSize(ISignatoryKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var certificates = key.Certificate.RawData.Length + key.Chain.Sum(certificate => certificate.RawData.Length);
        return certificates + 2048 + (timestamper.Enabled ? 8192 : 0);
    }

    public async Task<byte[]> SignAsync(byte[] signedBytes, ISignatoryKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var publicKey = key.Certificate.GetRSAPublicKey() ?? throw new NotSupportedException("Signatory keys are RSA keys.");
        using var deferred = new DeferredRsa(publicKey);
        var content = new ContentInfo(signedBytes);

        try
        {
            Compute(content, key, deferred);
        }
        catch (CryptographicException) when (deferred.RequestedHash is not null)
        {
            // Expected: CmsSigner checks an explicit key's signature against the certificate, and the first pass's is a blank.
        }

        deferred.Supply(await key.SignHashAsync(deferred.RequestedHash!, cancellationToken));
        var cms = Compute(content, key, deferred);

        // A key that is not the certificate's (a wrong vault entry) is caught here, not by the citizen's reader.
        cms.CheckSignature(verifySignatureOnly: true);
        var signer = cms.SignerInfos[0];
        if (await timestamper.StampAsync(signer, cancellationToken) is { } token)
        {
            signer.AddUnsignedAttribute(new AsnEncodedData(SignatureTimestamper.AttributeOid, token.AsSignedCms().Encode()));
        }

        return cms.Encode();
    }

    private static SignedCms Compute(ContentInfo content, ISignatoryKey key, DeferredRsa privateKey)
    {
        var cms = new SignedCms(content, detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, key.Certificate, privateKey)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            // The chain is added by hand: building it would need the local root to be trusted by this machine.
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        foreach (var certificate in key.Chain)
        {
            signer.Certificates.Add(certificate);
        }

        signer.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2Oid, SigningCertificateV2(key.Certificate)));
        cms.ComputeSignature(signer, silent: true);
        return cms;
    }

    /// <summary>SigningCertificateV2 with one ESSCertIDv2: the SHA-256 (the default algorithm, so omitted) of the certificate, and its issuer and serial.</summary>
    private static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(SHA256.HashData(certificate.RawData));
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence())
                        {
                            // GeneralName directoryName [4]: explicit, since Name is a CHOICE.
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                            {
                                writer.WriteEncodedValue(certificate.IssuerName.RawData);
                            }
                        }

                        writer.WriteInteger(certificate.SerialNumberBytes.Span);
                    }
                }
            }
        }

        return writer.Encode();
    }
}
