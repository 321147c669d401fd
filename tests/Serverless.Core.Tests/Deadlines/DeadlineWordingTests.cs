using Serverless.Core.Applications;
using Serverless.Core.Notices;
using Serverless.Core.Orchestration;
using Serverless.Core.Receipts;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;

namespace Serverless.Core.Tests.Deadlines;

/// <summary>
/// The acknowledgement (page and PDF share its wording) and the acknowledgement e-mail state the deadline the citizen
/// can rely on, from the same calculator as the workflow, even before the workflow has stored it.
/// </summary>
public sealed class DeadlineWordingTests
{
    /// <summary>Received Monday 15 March 2027, 11:00 in Paris: two months end on Saturday 15 May, extended past Whit Monday.</summary>
    private static LoadedApplication Received(string language, DateTimeOffset? storedDueAt = null)
    {
        var procedure = TestCatalogue.SchoolEnrolment;
        var record = ApplicationRepository.NewRecord("ECO-2027-DLN24A", procedure.Id, language, new DateTimeOffset(2027, 3, 15, 10, 0, 0, TimeSpan.Zero), "claire@example.org", new Dictionary<string, string>(), []);
        record.DecisionDueAt = storedDueAt;
        return new LoadedApplication(record, procedure, TestCatalogue.Shipped.CommuneOf(procedure));
    }

    [Theory]
    [InlineData("fr", "Si aucune décision ne vous est notifiée au plus tard le 18 mai 2027 à 23 h 59, votre demande sera réputée acceptée")]
    [InlineData("en", "If no decision has been notified to you by 18 May 2027, 11:59 pm (Paris time), your application will be deemed accepted")]
    public void Compose_BeforeTheWorkflowStoredTheDeadline_StatesTheLegalOneToTheMinute(string language, string expected)
    {
        var application = Received(language);

        var lines = AcknowledgementOfReceipt.Compose(application, application.Language).SelectMany(section => section.Lines).Select(line => line.Value);

        Assert.Contains(lines, line => line.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Acknowledgement_DeadlineStoredByAnEarlierVersion_StatesThatInstantInParisTime()
    {
        // Version 3 stored 60 × 24 h from its start, at 10:00:30 UTC: 12:00 in Paris in May.
        var application = Received("fr", new DateTimeOffset(2027, 5, 14, 10, 0, 30, TimeSpan.Zero));

        var message = CitizenEmails.Acknowledgement(application, "https://example.org/status");

        Assert.Contains("Décision attendue au plus tard le 14 mai 2027 à 12 h 00.", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Acknowledgement_BeforeTheWorkflowStoredTheDeadline_StatesTheLegalOne()
    {
        var message = CitizenEmails.Acknowledgement(Received("fr"), "https://example.org/status");

        Assert.Contains("Décision attendue au plus tard le 18 mai 2027 à 23 h 59.", message.Text, StringComparison.Ordinal);
    }
}
