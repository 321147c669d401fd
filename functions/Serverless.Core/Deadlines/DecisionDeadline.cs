namespace Serverless.Core.Deadlines;

/// <summary>
/// The decision deadline of one application as the workflow (version 4) holds it: the instant it ends, and the legal
/// count behind it (null with accelerated days). Pure, so the orchestrator computes it on every replay alike.
/// </summary>
public sealed record DecisionDeadline(DateTimeOffset EndsAt, LegalDeadline? Legal)
{
    /// <summary>
    /// The deadline from the instant of receipt. With <paramref name="dayLength"/> (<c>Review__DayLength</c>, demos and
    /// tests) every day lasts that long and a month <see cref="LegalPeriod.NominalDaysPerMonth"/> days, as before
    /// calendar months existed; otherwise the legal count of <see cref="LegalDeadlines"/>.
    /// </summary>
    public static DecisionDeadline Start(LegalPeriod period, TimeSpan? dayLength, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (dayLength is { } length)
        {
            return new DecisionDeadline(receivedAt + (length * period.NominalDays), null);
        }

        var legal = LegalDeadlines.Compute(receivedAt, period);
        return new DecisionDeadline(legal.EndsAt, legal);
    }

    /// <summary>
    /// The deadline once the citizen's correction arrived at <paramref name="correctedAt"/>, the delay having stopped at
    /// <paramref name="suspendedAt"/> (the request for changes). Accelerated days keep the plain arithmetic: what was
    /// left resumes, or the whole period starts again.
    /// </summary>
    public DecisionDeadline AfterCorrection(LegalPeriod period, TimeSpan? dayLength, CorrectionEffect effect, DateTimeOffset suspendedAt, DateTimeOffset correctedAt)
    {
        ArgumentNullException.ThrowIfNull(period);
        // A correction recorded before the request (clocks of two hosts) counts from the request: never a shorter delay.
        correctedAt = correctedAt < suspendedAt ? suspendedAt : correctedAt;
        if (Legal is { } legal && dayLength is null)
        {
            var next = LegalDeadlines.AfterCorrection(legal, period, effect, suspendedAt, correctedAt);
            return new DecisionDeadline(next.EndsAt, next);
        }

        return effect == CorrectionEffect.Restarts
            ? Start(period, dayLength, correctedAt)
            : new DecisionDeadline(correctedAt + (EndsAt - suspendedAt), null);
    }
}
