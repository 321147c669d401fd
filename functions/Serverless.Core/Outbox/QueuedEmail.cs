using System.Text.Json;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Email;

namespace Serverless.Core.Outbox;

/// <summary>
/// An e-mail recorded for the dispatcher, as it will be sent: rendered once by the workflow's activity (links,
/// attachments, Message-Id and headers included), stored in <see cref="StorageNames.OutboxMessagesContainer"/> under
/// its outbox key, and deleted once the relay accepted it. The audit entry, if any, is written when it is sent.
/// </summary>
public sealed record QueuedEmail(
    string To,
    string Subject,
    string Html,
    string Text,
    IReadOnlyList<EmailAttachment> Attachments,
    string? FromAddress,
    string? FromName,
    string? MessageIdLocalPart,
    IReadOnlyDictionary<string, string> Headers)
{
    public static QueuedEmail From(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.To, message.Subject, message.Html, message.Text, message.Attachments, message.From?.Address, message.From?.Name, message.MessageIdLocalPart, message.Headers);
    }

    public EmailMessage ToMessage() => new(To, Subject, Html, Text)
    {
        Attachments = Attachments,
        From = FromAddress is { } address ? (address, FromName ?? string.Empty) : null,
        MessageIdLocalPart = MessageIdLocalPart,
        Headers = Headers,
    };

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static QueuedEmail Deserialize(byte[] content) =>
        JsonSerializer.Deserialize<QueuedEmail>(content) ?? throw new InvalidDataException("An outbox message is empty.");

    /// <summary>The blob of one outbox row: under the application's reference, so an erasure deletes them all by prefix.</summary>
    public static string BlobName(string reference, string rowKey) => $"{reference}/{Fingerprint.Of(rowKey)}.json";
}

/// <summary>The audit entry that an e-mail's sending records (written by the dispatcher once the relay accepted it).</summary>
public sealed record AuditOnSend(string Step, AuditAction Action, string Detail);
