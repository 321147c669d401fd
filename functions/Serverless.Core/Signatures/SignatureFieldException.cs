namespace Serverless.Core.Signatures;

/// <summary>The named field cannot take this signature: it does not exist, is not a signature field, or is signed already.</summary>
public sealed class SignatureFieldException(string message) : InvalidOperationException(message);
