namespace Serverless.Core.Payments.PayFip;

/// <summary>Which kind of failure PayFiP reported, or that it could not be reached.</summary>
public enum PayFipFailure
{
    /// <summary>FonctionnelleErreur: PayFiP refused the request or the idOp (its code says why: P1, R3, A2...). Retrying the same call fails the same way.</summary>
    Refused,

    /// <summary>TechDysfonctionnementErreur: PayFiP failed while handling the call.</summary>
    Malfunction,

    /// <summary>TechIndisponibiliteErreur: PayFiP is unavailable.</summary>
    Unavailable,

    /// <summary>TechProtocolaireErreur, or an answer that is not PayFiP's: the call or the answer broke the protocol.</summary>
    Protocol,

    /// <summary>No answer: connection refused, timed out, TLS failure.</summary>
    Unreachable,
}

/// <summary>
/// PayFiP did not do what was asked. <see cref="Code"/> is PayFiP's own (P1 unknown idOp, R3 bad debt reference...),
/// null when PayFiP gave none or was not reached. The message carries the code and PayFiP's wording, never a request's
/// values.
/// </summary>
public sealed class PayFipException : Exception
{
    public PayFipException(PayFipFailure failure, string? code, string? wording, Exception? innerException = null)
        : base(Describe(failure, code, wording), innerException)
    {
        Failure = failure;
        Code = code;
        Wording = wording;
    }

    public PayFipException()
        : this(PayFipFailure.Protocol, null, null)
    {
    }

    public PayFipException(string message)
        : base(message)
    {
    }

    public PayFipException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PayFipFailure Failure { get; }

    /// <summary>PayFiP's code, e.g. <c>P1</c>.</summary>
    public string? Code { get; }

    /// <summary>PayFiP's wording of the code (its libellé).</summary>
    public string? Wording { get; }

    /// <summary>Whether the same call may succeed later: yes unless PayFiP refused it on its merits.</summary>
    public bool IsTransient => Failure is PayFipFailure.Malfunction or PayFipFailure.Unavailable or PayFipFailure.Unreachable;

    private static string Describe(PayFipFailure failure, string? code, string? wording) =>
        (failure, code) switch
        {
            (PayFipFailure.Unreachable, _) => "PayFiP could not be reached.",
            (_, null) when wording is not null => $"{wording} ({failure})",
            (_, null) => $"PayFiP answered a fault ({failure}).",
            _ => $"PayFiP answered {code} ({failure}): {wording}",
        };
}
