using MailKit.Security;

namespace Serverless.Platform.Email;

public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1025;

    /// <summary>None locally (maildev); StartTls or SslOnConnect for a real relay.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.None;

    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string FromAddress { get; set; } = "ne-pas-repondre@example.org";

    public string FromName { get; set; } = "Services en ligne";

    /// <summary>
    /// Local host and tests only: the queue of e-mails to send, so that several hosts on one Azurite do not send each
    /// other's. The Functions trigger always reads <see cref="DefaultDeliveryQueue"/>.
    /// </summary>
    public string DeliveryQueueName { get; set; } = DefaultDeliveryQueue;

    /// <summary>The queue of e-mails to send, as the Functions trigger reads it.</summary>
    public const string DefaultDeliveryQueue = "email-deliveries";
}
