namespace Serverless.Core.Certificates;

/// <summary>
/// Certificate numbers such as <c>AT-2026-K7Q3M9X2TD</c>: distinct from the application reference, unguessable, and
/// derived from a GUID the orchestration produced deterministically, so a replay yields the same number.
/// </summary>
public static class CertificateNumbers
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string From(Guid seed, int year)
    {
        Span<byte> bytes = stackalloc byte[16];
        seed.TryWriteBytes(bytes);
        Span<char> code = stackalloc char[10];
        for (var index = 0; index < code.Length; index++)
        {
            code[index] = Alphabet[bytes[index] % Alphabet.Length];
        }

        return $"AT-{year}-{code}";
    }
}
