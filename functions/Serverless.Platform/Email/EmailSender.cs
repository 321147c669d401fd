using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Serverless.Platform.Telemetry;

namespace Serverless.Platform.Email;

/// <summary>A file attached to an e-mail.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>An e-mail ready to send: HTML for mail clients that show it, plain text for the others.</summary>
public sealed record EmailMessage(string To, string Subject, string Html, string Text)
{
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>The commune's own sender, when it has one; otherwise the deployment's (Smtp:FromAddress).</summary>
    public (string Address, string Name)? From { get; init; }

    /// <summary>
    /// The left part of the Message-Id (the sender's domain is added): set by the outbox from the application, the
    /// step and the recipient, so a message sent again after a crash carries the same Message-Id.
    /// </summary>
    public string? MessageIdLocalPart { get; init; }

    /// <summary>Extra headers (the outbox names the application and the step, for support and for the fault harness).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>Sends e-mail over SMTP: maildev locally, the commune's relay or Azure Communication Services in production.</summary>
public sealed partial class EmailSender(IOptions<SmtpOptions> options, SmtpConnections connections, ILogger<EmailSender> logger)
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var span = CitizenTelemetry.Source.StartActivity("smtp send", System.Diagnostics.ActivityKind.Client);
        span?.SetTag("email.step", message.Headers.GetValueOrDefault(EmailHeaders.Step));
        span?.SetTag("email.reference", message.Headers.GetValueOrDefault(EmailHeaders.Reference));
        var settings = options.Value;
        var mime = new MimeMessage();
        var (fromAddress, fromName) = message.From ?? (settings.FromAddress, settings.FromName);
        mime.From.Add(new MailboxAddress(fromName, fromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        if (message.MessageIdLocalPart is { } localPart)
        {
            mime.MessageId = $"{localPart}@{fromAddress[(fromAddress.LastIndexOf('@') + 1)..]}";
        }

        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Add(name, value);
        }

        var body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();

        var (client, reused) = await connections.TakeAsync(cancellationToken);
        try
        {
            await client.SendAsync(mime, cancellationToken);
        }
        catch (Exception exception) when (reused && IsDroppedSession(exception) && !cancellationToken.IsCancellationRequested)
        {
            // The relay closed the kept session while it waited: once more on a new one. Nothing was accepted on a
            // dead session; a message cut after the relay's acceptance would be sent again with the same
            // Message-Id, as the outbox's own retry already does.
            SmtpConnections.Discard(client);
            LogSessionDropped(exception);
            client = await connections.OpenAsync(cancellationToken);
            try
            {
                await client.SendAsync(mime, cancellationToken);
            }
            catch
            {
                SmtpConnections.Discard(client);
                throw;
            }
        }
        catch
        {
            SmtpConnections.Discard(client);
            throw;
        }

        connections.Return(client);
        LogSent(message.Subject, mime.MessageId ?? string.Empty);
    }

    private static bool IsDroppedSession(Exception exception) =>
        exception is IOException or MailKit.ServiceNotConnectedException or SmtpProtocolException;

    [LoggerMessage(Level = LogLevel.Information, Message = "A kept SMTP session had been closed by the relay: sending on a new one")]
    private partial void LogSessionDropped(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail sent: {Subject} ({MessageId})")]
    private partial void LogSent(string subject, string messageId);
}
