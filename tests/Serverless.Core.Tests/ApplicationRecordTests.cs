using Azure.Data.Tables;
using Serverless.Core.Applications;

namespace Serverless.Core.Tests;

/// <summary>The record of a row a step has just written, read back without a storage read (status observers).</summary>
public sealed class ApplicationRecordTests
{
    [Fact]
    public void FromEntity_RowOfToEntity_GivesTheSameRecord()
    {
        var record = ApplicationRepository.NewRecord("ECO-2026-REC001", "school-enrolment", "fr", new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero), "claire@example.org", new Dictionary<string, string> { ["childFirstName"] = "Léa" }, [], "v3", "key-1");
        record.Status = nameof(ApplicationStatus.UnderReview);
        record.ReviewRound = 2;
        record.DeadlineSuspended = true;
        record.DecisionDueAt = new DateTimeOffset(2027, 1, 2, 22, 59, 59, TimeSpan.Zero);
        record.AssignedTo = "agent@example.org";
        record.ETag = new Azure.ETag("W/\"1\"");

        var read = ApplicationRecord.FromEntity(record.ToEntity());

        Assert.Equal(record.ToEntity().OrderBy(pair => pair.Key, StringComparer.Ordinal), read.ToEntity().OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.Equal(record.ETag, read.ETag);
        Assert.Equal("ECO-2026-REC001", read.Reference);
        Assert.True(read.InPartition);
    }

    [Fact]
    public void FromEntity_StoredTypesAndMissingColumns_ConvertsAndKeepsDefaults()
    {
        // As the table returns a row: a date may come as DateTime; a column never written is absent.
        var row = new TableEntity("ECO-2026-REC002", ApplicationRecord.RowKeyValue)
        {
            [nameof(ApplicationRecord.Status)] = nameof(ApplicationStatus.Approved),
            [nameof(ApplicationRecord.SubmittedAt)] = new DateTime(2026, 11, 2, 9, 30, 0, DateTimeKind.Utc),
            [nameof(ApplicationRecord.CertificateNumber)] = "AT-2026-K7Q3M9X2TD",
        };

        var read = ApplicationRecord.FromEntity(row);

        Assert.Equal(ApplicationStatus.Approved, read.StatusValue);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero), read.SubmittedAt);
        Assert.Equal("AT-2026-K7Q3M9X2TD", read.CertificateNumber);
        Assert.Equal(1, read.ReviewRound);
        Assert.Null(read.DecisionDueAt);
    }

    [Theory]
    [InlineData(nameof(ApplicationStatus.UnderReview), true, true)]
    [InlineData(nameof(ApplicationStatus.ChangesRequested), true, true)]
    [InlineData(nameof(ApplicationStatus.UnderReview), false, false)]
    [InlineData(nameof(ApplicationStatus.Approved), true, false)]
    [InlineData(nameof(ApplicationStatus.Withdrawn), true, false)]
    public void AwaitsWithdrawal_StatusAndMark_OnlyPendingWithTheMark(string status, bool marked, bool expected)
    {
        // The mark is never cleared: once the application is final (withdrawn, or decided first) the status says the rest.
        var record = new ApplicationRecord { PartitionKey = "ECO-2026-REC003", Status = status, WithdrawalRequestedAt = marked ? new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero) : null };

        Assert.Equal(expected, record.AwaitsWithdrawal);
        Assert.Equal(record.WithdrawalRequestedAt, ApplicationRecord.FromEntity(record.ToEntity()).WithdrawalRequestedAt);
    }
}
