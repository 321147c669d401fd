using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Serverless.LogVerifier;

/// <summary>
/// Checks the commune's published RFC 3161 timestamps: each token must be a TimeStampToken whose message imprint is
/// the SHA-256 of the exact checkpoint it claims (and that checkpoint must verify with the commune's key), whose
/// signature verifies, and whose signer is the TSA certificate the user supplies (or is issued by it).
/// </summary>
public sealed class Timestamps(HttpClient http)
{
    /// <summary>The checkpoints the tokens cover (to be checked against the log like any saved checkpoint).</summary>
    public async Task<List<(string Name, string Note)>> CheckAsync(string api, string verifierKey, IReadOnlyList<X509Certificate2>? trusted, List<string> checks, List<string> problems, CancellationToken cancellationToken)
    {
        var covered = new List<(string, string)>();
        using var response = await http.GetAsync(new Uri($"{api}/timestamps"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            problems.Add($"the timestamps are not served (HTTP {(int)response.StatusCode})");
            return covered;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var items = document.RootElement.GetProperty("timestamps").EnumerateArray()
            .Select(item => (Size: item.GetProperty("size").GetInt64(), Note: item.GetProperty("checkpoint").GetString() ?? string.Empty))
            .ToList();
        var bySha = items.GroupBy(item => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.Note)))).ToDictionary(group => group.Key, group => group.First().Size, StringComparer.Ordinal);
        var verified = 0;
        var signers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (size, note) in items)
        {
            var name = $"timestamp of the checkpoint of size {size}";
            var (checkpoint, noteProblem) = Note.Verify(note, verifierKey);
            if (checkpoint is null)
            {
                problems.Add($"{name}: the checkpoint it covers does not verify: {noteProblem}");
                continue;
            }

            if (checkpoint.Size != size)
            {
                problems.Add($"{name}: the checkpoint listed with it has size {checkpoint.Size}");
                continue;
            }

            covered.Add((name, note));
            var token = await http.GetByteArrayAsync(new Uri($"{api}/timestamps/{size}"), cancellationToken);
            if (Check(name, token, Encoding.UTF8.GetBytes(note), trusted, bySha, problems) is { } signer)
            {
                verified++;
                signers.Add(signer);
            }
        }

        if (items.Count > 0 && verified == items.Count)
        {
            checks.Add(trusted is { Count: > 0 }
                ? $"timestamps: all {verified} tokens verified (message imprint = SHA-256 of the checkpoint, signature by {string.Join(", ", signers)}, a supplied TSA certificate)"
                : $"timestamps: all {verified} tokens match their checkpoint and their signature verifies, but their signer ({string.Join(", ", signers)}) was not checked: give --tsa-cert");
        }
        else if (items.Count == 0)
        {
            checks.Add("timestamps: none published yet");
        }

        return covered;
    }

    /// <summary>The signer's subject when the token is good; otherwise the problem is added and null returned.</summary>
    private static string? Check(string name, byte[] token, byte[] note, IReadOnlyList<X509Certificate2>? trusted, Dictionary<string, long> bySha, List<string> problems)
    {
        if (!Rfc3161TimestampToken.TryDecode(token, out var decoded, out var read) || read != token.Length)
        {
            problems.Add($"{name}: the token is not a well-formed RFC 3161 TimeStampToken (altered or truncated)");
            return null;
        }

        var info = decoded!.TokenInfo;
        var expected = Convert.ToHexStringLower(SHA256.HashData(note));
        var imprint = Convert.ToHexStringLower(info.GetMessageHash().Span);
        if (info.HashAlgorithmId.Value != "2.16.840.1.101.3.4.2.1" || imprint != expected)
        {
            var other = bySha.TryGetValue(imprint, out var otherSize) ? $": it is the token of the checkpoint of size {otherSize}" : string.Empty;
            problems.Add($"{name}: its message imprint is {imprint} but the checkpoint's SHA-256 is {expected}: the token is for another checkpoint{other}");
            return null;
        }

        var candidates = new X509Certificate2Collection();
        foreach (var certificate in trusted ?? [])
        {
            candidates.Add(certificate);
        }

        if (!decoded.VerifySignatureForData(note, out var signer, candidates) || signer is null)
        {
            problems.Add($"{name}: the token's signature does not verify (the token was altered)");
            return null;
        }

        if (trusted is { Count: > 0 } && !IsTrusted(signer, trusted, decoded, info.Timestamp))
        {
            problems.Add($"{name}: signed by {signer.Subject}, which is neither a supplied TSA certificate nor issued by one");
            return null;
        }

        return signer.Subject;
    }

    private static bool IsTrusted(X509Certificate2 signer, IReadOnlyList<X509Certificate2> trusted, Rfc3161TimestampToken token, DateTimeOffset at)
    {
        if (trusted.Any(certificate => certificate.RawData.AsSpan().SequenceEqual(signer.RawData)))
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        foreach (var certificate in trusted)
        {
            chain.ChainPolicy.CustomTrustStore.Add(certificate);
        }

        chain.ChainPolicy.ExtraStore.AddRange(token.AsSignedCms().Certificates);
        return chain.Build(signer);
    }
}
