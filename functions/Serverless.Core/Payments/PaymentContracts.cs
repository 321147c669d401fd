using Serverless.Core.Procedures;

namespace Serverless.Core.Payments;

/// <summary>Asks the citizen to pay (<see cref="RequestPaymentActivity"/>): the application, when in its life, and the workflow's day (tests shorten it).</summary>
public sealed record PaymentDemand(string Reference, PaymentMoment Moment, TimeSpan DayLength);

/// <summary>What is owed: the amount and until when. None (null) when the values make it free.</summary>
public sealed record PaymentDueNotice(long AmountInCents, DateTimeOffset DueAt);

/// <summary>Reads PayFiP's answers for the open attempts (<see cref="SettlePaymentActivity"/>); <see cref="AtDeadline"/>: the last look before abandoning.</summary>
public sealed record PaymentCheck(string Reference, bool AtDeadline);

/// <summary>Paid (the idOp that settled the debt), or how many attempts PayFiP has no result for yet.</summary>
public sealed record PaymentCheckResult(string? PaidIdOp, int Unknown)
{
    public bool Paid => PaidIdOp is not null;
}

/// <summary>
/// A hint for the waiting workflow (it always reads the result back from PayFiP): an attempt started (<see cref="Started"/>:
/// look in a little while, when the citizen is likely done) or PayFiP notified one (look now).
/// </summary>
public sealed record PaymentNotifiedEvent(string IdOp, bool Started);
