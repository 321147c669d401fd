namespace Serverless.Core.Signatures;

/// <summary>
/// A decision (arrêté, derogation, aid grant) as it is drawn before anyone signs: the commune's heading, the text,
/// and one empty signature field per <see cref="SignatureSlot"/>, in the order the circuit fills them.
/// </summary>
public sealed record DecisionDocumentContent(
    string CommuneName,
    string Department,
    string CommuneAddress,
    string Colour,
    byte[]? LogoPng,
    string Title,
    string Body,
    string Reference,
    int Version,
    string PlaceAndDateText,
    IReadOnlyList<SignatureSlot> Slots,
    string VerificationUrl);
