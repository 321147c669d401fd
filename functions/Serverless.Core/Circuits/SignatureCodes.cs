using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Serverless.Core.Applications;
using Serverless.Platform.Email;

namespace Serverless.Core.Circuits;

/// <summary>Where a signature's second factor is sent: e-mail here; an SMS gateway can take its place (same contract).</summary>
public interface ISecondFactorSender
{
    /// <summary>Sends <paramref name="code"/> to the signatory; returns how it went, as recorded with the signature (masked address).</summary>
    Task<string> SendAsync(LoadedApplication application, string signatoryEmail, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}

/// <summary>The default second factor: the code by e-mail to the signatory's address in the catalogue.</summary>
public sealed class EmailSecondFactor(EmailSender sender) : ISecondFactorSender
{
    public async Task<string> SendAsync(LoadedApplication application, string signatoryEmail, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // Sent at once, outside the outbox: the code must not be stored in clear, and a lost one is asked again.
        await sender.SendAsync(CircuitEmails.SignatureCode(application, signatoryEmail, code, expiresAt), cancellationToken);
        return $"code à usage unique envoyé par courriel à {Mask(signatoryEmail)}";
    }

    /// <summary>"claire.martin@saint-exemple.example" → "c***@saint-exemple.example".</summary>
    public static string Mask(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }
}

/// <summary>What checking a code found; <see cref="Evidence"/> is recorded with the signature.</summary>
public sealed record CodeCheck(bool Valid, string? Problem, string? Evidence);

/// <summary>
/// The one-time codes that confirm a signature: six digits, valid ten minutes, five wrong tries at most, five codes
/// per person and step at most; kept as a salted SHA-256 in the circuit's rows, compared in constant time.
/// </summary>
public sealed class SignatureCodes(DecisionDrafts drafts, ISecondFactorSender sender, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const int MaxAttempts = 5;
    public const int MaxCodes = 5;

    /// <summary>Sends a new code; null when sent, else why not (too many codes asked).</summary>
    public async Task<string?> IssueAsync(LoadedApplication application, CircuitGrant grant, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(grant);
        var earlier = await drafts.FindCodeAsync(grant.Reference, grant.Pass, grant.Step, grant.Actor, cancellationToken);
        var issued = (earlier?.GetInt32("Issued") ?? 0) + 1;
        if (issued > MaxCodes)
        {
            return $"Vous avez déjà demandé {MaxCodes} codes pour cette signature : demandez au service informatique de la commune de vérifier votre adresse électronique.";
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var expiresAt = clock.GetUtcNow().Add(Lifetime);
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await drafts.SaveCodeAsync(grant.Reference, grant.Pass, grant.Step, grant.Actor, $"{salt}:{Hash(salt, code)}", expiresAt, issued, cancellationToken);
        await sender.SendAsync(application, email, code, expiresAt, cancellationToken);
        return null;
    }

    public async Task<bool> SentAsync(CircuitGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return await drafts.FindCodeAsync(grant.Reference, grant.Pass, grant.Step, grant.Actor, cancellationToken) is { } row
            && row.GetDateTimeOffset("ExpiresAt") > clock.GetUtcNow();
    }

    public async Task<CodeCheck> CheckAsync(CircuitGrant grant, string email, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var row = await drafts.FindCodeAsync(grant.Reference, grant.Pass, grant.Step, grant.Actor, cancellationToken);
        if (row is null || row.GetString("CodeHash") is not { } stored || stored.Split(':') is not [var salt, var hash])
        {
            return new(false, "Demandez d'abord un code de signature.", null);
        }

        if (row.GetDateTimeOffset("ExpiresAt") is not { } expiresAt || expiresAt <= clock.GetUtcNow())
        {
            return new(false, "Ce code a expiré : demandez-en un nouveau.", null);
        }

        if ((row.GetInt32("Attempts") ?? 0) >= MaxAttempts)
        {
            return new(false, "Trop d'essais avec ce code : demandez-en un nouveau.", null);
        }

        var given = (code ?? string.Empty).Trim();
        if (given.Length != 6 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(salt, given)), Encoding.ASCII.GetBytes(hash)))
        {
            await drafts.CountAttemptAsync(row, cancellationToken);
            return new(false, "Ce code n'est pas le bon : vérifiez le dernier courriel reçu.", null);
        }

        return new(true, null, $"{EmailSecondFactor.Mask(email)} : code à usage unique vérifié le {clock.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'}");
    }

    private static string Hash(string salt, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}|{code}")));
}
