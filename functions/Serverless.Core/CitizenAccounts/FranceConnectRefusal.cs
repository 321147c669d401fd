namespace Serverless.Core.CitizenAccounts;

/// <summary>Why a sign-in coming back from FranceConnect was refused (logged by name: never a token nor a claim).</summary>
public enum FranceConnectRefusalReason
{
    /// <summary>The provider answered with an error (the citizen cancelled, or the request was refused).</summary>
    ProviderError,

    /// <summary>No sign-in started with this state in this browser, or it was used already or expired.</summary>
    UnknownState,

    /// <summary>The token endpoint refused the code (used twice, expired, or not ours).</summary>
    CodeRefused,

    /// <summary>The ID token's signature, issuer, audience or expiry is wrong.</summary>
    InvalidIdToken,

    /// <summary>The ID token's nonce is not the one this sign-in sent.</summary>
    NonceMismatch,

    /// <summary>The ID token's acr is weaker than the level asked.</summary>
    AcrTooWeak,

    /// <summary>The userinfo answer is not a valid signed JWT of the provider for this client, or names another subject.</summary>
    InvalidUserinfo,
}

public sealed class FranceConnectRefusalException(FranceConnectRefusalReason reason, Exception? inner = null)
    : Exception($"FranceConnect sign-in refused: {reason}", inner)
{
    public FranceConnectRefusalReason Reason { get; } = reason;
}
