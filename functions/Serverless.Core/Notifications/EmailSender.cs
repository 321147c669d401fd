using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Serverless.Core.Notifications;

/// <summary>A file attached to an e-mail.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>An e-mail ready to send: HTML for mail clients that show it, plain text for the others.</summary>
public sealed record EmailMessage(string To, string Subject, string Html, string Text)
{
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>The commune's own sender, when it has one; otherwise the deployment's (Smtp:FromAddress).</summary>
    public (string Address, string Name)? From { get; init; }
}

/// <summary>Sends e-mail over SMTP: maildev locally, the commune's relay or Azure Communication Services in production.</summary>
public sealed partial class EmailSender(IOptions<SmtpOptions> options, ILogger<EmailSender> logger)
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var mime = new MimeMessage();
        var (fromAddress, fromName) = message.From ?? (settings.FromAddress, settings.FromName);
        mime.From.Add(new MailboxAddress(fromName, fromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        var body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        mime.Body = body.ToMessageBody();

        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        LogSent(message.Subject, mime.MessageId ?? string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail sent: {Subject} ({MessageId})")]
    private partial void LogSent(string subject, string messageId);
}
