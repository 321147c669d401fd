using System.Text;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Outbox;

/// <summary>
/// Writes an e-mail once and gets both bodies: HTML (values encoded) and plain text. Keeping the two in one builder
/// means they never say different things.
/// </summary>
public sealed class EmailLayout
{
    private readonly StringBuilder html = new();
    private readonly StringBuilder text = new();

    public EmailLayout Paragraph(string value)
    {
        html.Append("<p>").Append(Html.E(value)).Append("</p>");
        text.AppendLine(value).AppendLine();
        return this;
    }

    public EmailLayout Strong(string value)
    {
        html.Append("<p><strong>").Append(Html.E(value)).Append("</strong></p>");
        text.AppendLine(value).AppendLine();
        return this;
    }

    public EmailLayout Table(IEnumerable<(string Label, string Value)> rows)
    {
        var list = rows.ToList();
        html.Append(Html.Table(list));
        foreach (var (label, value) in list)
        {
            text.Append("- ").Append(label).Append(" : ").AppendLine(value);
        }

        text.AppendLine();
        return this;
    }

    public EmailLayout Link(string label, string url)
    {
        html.Append("<p><a href=\"").Append(Html.E(url)).Append("\">").Append(Html.E(label)).Append("</a></p>");
        text.Append(label).Append(" : ").AppendLine(url).AppendLine();
        return this;
    }

    /// <summary>Stands for the commune's colour until <see cref="Build(string, string, CommuneDefinition, Language)"/> knows the commune.</summary>
    private const string BrandColour = "{brand}";

    public EmailLayout Button(string label, string url, string colour = BrandColour)
    {
        html.Append("<p><a href=\"").Append(Html.E(url)).Append("\" style=\"display:inline-block;padding:10px 18px;background:")
            .Append(colour).Append(";color:#ffffff;text-decoration:none;border-radius:4px\">").Append(Html.E(label)).Append("</a></p>");
        text.Append(label).Append(" : ").AppendLine(url).AppendLine();
        return this;
    }

    /// <summary>An e-mail written in French (agents', administrators').</summary>
    public EmailMessage Build(string to, string subject, CommuneDefinition commune) => Build(to, subject, commune, Language.French);

    /// <summary>
    /// The message: the HTML names its language and has the subject as its title (read first by screen readers and
    /// shown by some clients); it is headed with the commune's identity in its colour, as its pages are.
    /// </summary>
    public EmailMessage Build(string to, string subject, CommuneDefinition commune, Language language)
    {
        ArgumentNullException.ThrowIfNull(commune);
        var footer = $"{commune.Name} – {commune.Address} – {commune.ContactEmail}";
        var heading = commune.Department is { } department
            ? $"<p style=\"margin:0;font-size:12px;color:#161616\">République française – {Html.E(department)}</p>"
            : string.Empty;
        var content = html.ToString().Replace(BrandColour, commune.Colour, StringComparison.Ordinal);
        return new EmailMessage(
            to,
            subject,
            $"<!doctype html><html lang=\"{LanguageNegotiation.Code(language)}\"><head><meta charset=\"utf-8\"><title>{Html.E(subject)}</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;color:#161616\">{heading}<p style=\"font-weight:bold;color:{commune.Colour};margin-top:0\">{Html.E(commune.Name)}</p>{content}<hr><p style=\"font-size:12px;color:#555555\">{Html.E(footer)}</p></body></html>",
            $"{commune.Name}\n\n{text}--\n{footer}\n")
        {
            From = (commune.SenderAddress, commune.SenderName),
        };
    }
}
