using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Serverless.Core.Applications;

/// <summary>
/// Human-readable references such as <c>ECO-2026-7K3F9Q</c>: procedure prefix, year, six random characters from an
/// alphabet without look-alikes (no I, L, O, U, 0, 1), easy to read out on the phone.
/// </summary>
/// <remarks>
/// 30⁶ = 729,000,000 references per prefix and year. With n applications already filed under a prefix in a year, a
/// new draw collides with probability n / 729,000,000: 1.4 × 10⁻⁵ at n = 10,000. Over a whole year of 10,000
/// applications the chance that at least one draw collides is 1 − exp(−n² / (2 × 30⁶)) ≈ 6.6 %, so collisions do
/// happen: the submission inserts the row conditionally and draws again when it is taken (three draws failing in a
/// row: about 2.6 × 10⁻¹⁵ at n = 10,000).
/// </remarks>
public static partial class ApplicationReference
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string prefix, int year) =>
        $"{prefix}-{year}-{RandomNumberGenerator.GetString(Alphabet, 6)}";

    public static bool IsWellFormed(string? reference) => reference is not null && Shape().IsMatch(reference);

    /// <summary>The orchestration instance id of an application: one instance per application.</summary>
    public static string InstanceId(string reference) => $"application-{reference}";

    [GeneratedRegex("^[A-Z]{2,6}-[0-9]{4}-[2-9A-HJKMNP-TV-Z]{6}$")]
    private static partial Regex Shape();
}

/// <summary>Draws new references; a class of its own so that a test can make two draws collide.</summary>
public class ReferenceGenerator
{
    public virtual string Draw(string prefix, int year) => ApplicationReference.New(prefix, year);
}
