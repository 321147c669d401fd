using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Serverless.Core.Applications;

/// <summary>
/// Human-readable references such as <c>ECO-2026-7K3F9Q</c>: procedure prefix, year, six random characters from an
/// alphabet without look-alikes (no I, L, O, U, 0, 1), easy to read out on the phone.
/// </summary>
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
