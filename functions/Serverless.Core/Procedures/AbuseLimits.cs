namespace Serverless.Core.Procedures;

/// <summary>
/// How much one client may use a commune's anonymous endpoints that send e-mail: submissions (and corrections) per
/// client address per hour, and per recipient e-mail address per day.
/// </summary>
public sealed record AbuseLimits(int SubmissionsPerAddressPerHour, int SubmissionsPerRecipientPerDay)
{
    /// <summary>Enough for a family or a town-hall counter behind one address; too little to be a spam relay.</summary>
    public static readonly AbuseLimits Default = new(20, 5);

    public static AbuseLimits From(int? perAddressPerHour, int? perRecipientPerDay) =>
        new(perAddressPerHour ?? Default.SubmissionsPerAddressPerHour, perRecipientPerDay ?? Default.SubmissionsPerRecipientPerDay);
}
