using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Edge;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// Two robot checks of the HTML forms, without a third-party CAPTCHA: a honeypot field that people never see, and a
/// minimum time between showing the form (a signed stamp in a hidden field) and posting it. A form without the stamp
/// (a commune's own page, a script) is not timed; a stamp that is forged, too fresh or too old is refused.
/// </summary>
public sealed class FormGuard
{
    public const string HoneypotField = "website";
    public const string IssuedField = "_issued";

    /// <summary>
    /// The idempotency key of a form without JavaScript: a random value generated with the page, so that the same form
    /// posted twice (a double click, a reload) files one application, as a script's Idempotency-Key header does.
    /// </summary>
    public const string SubmissionKeyField = "_key";

    // The active key first: it stamps; every listed key verifies, so a form shown before a rotation can still be sent.
    private readonly IReadOnlyList<byte[]> keys;
    private readonly AbuseOptions options;
    private readonly TimeProvider clock;

    public FormGuard(IOptions<CitizenAccessOptions> access, IOptions<AbuseOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(options);
        // Derived from the access-code keys under a purpose of its own: a stamp is never an access code.
        keys = CitizenAccessKeyRing.From(access.Value).Derived("form-issued-stamp"u8);
        this.options = options.Value;
        this.clock = clock;
    }

    /// <summary>A new key for <see cref="SubmissionKeyField"/>: 128 random bits.</summary>
    public static string NewSubmissionKey() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>The stamp of a form shown now: seconds since 1970 and their MAC.</summary>
    public string Issue()
    {
        var seconds = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return seconds + "." + Mac(keys[0], seconds);
    }

    /// <summary>Throws <see cref="RequestRefusedException"/> when a robot filled the form in.</summary>
    public void Check(RawSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Fields.GetValueOrDefault(HoneypotField) is { Length: > 0 })
        {
            throw Refused();
        }

        if (submission.Fields.GetValueOrDefault(IssuedField) is not { } stamp)
        {
            return;
        }

        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(stamp[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !keys.Any(key => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key, stamp[..dot])), Encoding.ASCII.GetBytes(stamp[(dot + 1)..]))))
        {
            throw Refused();
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age < options.MinimumFillTime)
        {
            throw new RequestRefusedException(
                400,
                "sent-too-fast",
                new Text("Formulaire envoyé trop vite", "Form sent too fast"),
                new Text(
                    "Le formulaire a été envoyé trop vite pour avoir été rempli par une personne. Relisez-le puis renvoyez-le. Rien n'a été enregistré.",
                    "The form was sent too fast to have been filled in by a person. Check it and send it again. Nothing was stored."));
        }

        if (age > options.MaximumFormAge)
        {
            throw new RequestRefusedException(
                400,
                "form-expired",
                new Text("Formulaire expiré", "Form expired"),
                new Text("Ce formulaire a été ouvert il y a trop longtemps. Rechargez la page puis renvoyez-le. Rien n'a été enregistré.", "This form was opened too long ago. Reload the page and send it again. Nothing was stored."));
        }
    }

    private static string Mac(byte[] key, string seconds) => Base64Url.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(seconds)).AsSpan(0, 16));

    private static RequestRefusedException Refused() => new(
        400,
        "form-rejected",
        new Text("Formulaire refusé", "Form refused"),
        new Text("Ce formulaire n'a pas été rempli comme prévu. Rechargez la page et remplissez-le à nouveau. Rien n'a été enregistré.", "This form was not filled in as expected. Reload the page and fill it in again. Nothing was stored."));
}
