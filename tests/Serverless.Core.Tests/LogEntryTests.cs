using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Transparency;

namespace Serverless.Core.Tests;

/// <summary>
/// The log's leaves: v1 exactly as published before issue 23, v2 publishing no reference, no step (hence no address
/// fingerprint), no action and only the UTC day, with a salted subject that opens for whoever holds the salt and that
/// no guess of the reference can be tested against.
/// </summary>
public sealed class LogEntryTests
{
    private const string Reference = "CAS-2026-K7Q3M9";
    private const string AgentEmail = "instructeur.ccas@saint-exemple.example";
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 4, 16, 42, 9, TimeSpan.Zero).AddTicks(1234567);
    private static readonly byte[] SubjectSalt = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly string Commitment = LogEntry.Commit(new byte[16], AuditActors.Agent(AgentEmail), "motif : ressources");

    private static LogEntry V2(string step = "decision-r01", string action = "Rejected") =>
        LogEntry.V2("saint-exemple", Reference, step, action, At, Commitment, SubjectSalt);

    [Fact]
    public void CanonicalJson_V1Entry_IsByteForByteTheFormatAlreadyPublished()
    {
        var entry = new LogEntry("saint-exemple", Reference, "decision-r01", "Rejected", At, new string('a', 64));

        Assert.Equal(
            $"{{\"action\":\"Rejected\",\"at\":\"2026-12-04T16:42:09.1234567Z\",\"commitment\":\"{new string('a', 64)}\",\"commune\":\"saint-exemple\",\"reference\":\"{Reference}\",\"step\":\"decision-r01\",\"v\":1}}",
            entry.CanonicalText());
        Assert.Equal(1, entry.Version);
    }

    [Fact]
    public void CanonicalJson_V2Entry_HasOnlyTheDayTheCommuneAndTwoCommitmentsInKeyOrder()
    {
        var json = V2().CanonicalText();

        using var document = JsonDocument.Parse(json);
        Assert.Equal(["at", "commitment", "commune", "subject", "v"], document.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("2026-12-04", document.RootElement.GetProperty("at").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("v").GetInt32());
        Assert.Equal(LogEntry.Subject(SubjectSalt, "Rejected", At, Reference, "decision-r01"), document.RootElement.GetProperty("subject").GetString());
        Assert.Equal($"{{\"at\":\"2026-12-04\",\"commitment\":\"{Commitment}\",\"commune\":\"saint-exemple\",\"subject\":\"{document.RootElement.GetProperty("subject").GetString()}\",\"v\":2}}", json);
    }

    [Fact]
    public void CanonicalJson_V2EntryOfAFingerprintedSocialAidStep_ShowsNoReferencePrefixFingerprintActionOrHour()
    {
        var step = AuditSteps.Delegation(1, AgentEmail);
        var fingerprint = Fingerprint.Of(AgentEmail);
        Assert.EndsWith(fingerprint, step, StringComparison.Ordinal); // the step name does carry it, in the private audit row

        var json = V2(step, "Delegated").CanonicalText();

        Assert.DoesNotContain(Reference, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CAS", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fingerprint, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("delegation", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Delegated", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("16:42", json, StringComparison.Ordinal);
        Assert.DoesNotContain("T16", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Subject_OpeningWithTheReferenceHeld_OpensAndAnyOtherReferenceStepActionOrTimeDoesNot()
    {
        var subject = LogEntry.Subject(SubjectSalt, "CertificateIssued", At, Reference, AuditSteps.Certificate);
        var opening = new LeafOpening(AuditSteps.Certificate, "CertificateIssued", LogEntry.FormatTime(At), Convert.ToBase64String(SubjectSalt));

        Assert.True(opening.Opens(subject, Reference));
        Assert.False(opening.Opens(subject, "CAS-2026-K7Q3M8"));
        Assert.False((opening with { Step = "revoked-AT-2026-X" }).Opens(subject, Reference));
        Assert.False((opening with { Action = "Rejected" }).Opens(subject, Reference));
        Assert.False((opening with { At = LogEntry.FormatTime(At.AddTicks(1)) }).Opens(subject, Reference));
        Assert.False((opening with { Salt = Convert.ToBase64String(new byte[16]) }).Opens(subject, Reference));
    }

    /// <summary>
    /// What a neighbour would do: take the public leaf and try references (the true one among them) with every way of
    /// hashing they could think of without the salt. None confirms: only the salt's holder can test a reference.
    /// </summary>
    [Fact]
    public void Subject_GuessesOfTheReferenceWithoutTheSalt_NoneConfirmsTheTrueOne()
    {
        using var leaf = JsonDocument.Parse(V2().CanonicalText());
        var subject = leaf.RootElement.GetProperty("subject").GetString()!;
        var guesses = Enumerable.Range(0, 2000).Select(i => $"CAS-2026-{i:D6}").Append(Reference);

        foreach (var guess in guesses)
        {
            foreach (var salt in new[] { Array.Empty<byte>(), new byte[16], RandomNumberGenerator.GetBytes(16) })
            {
                foreach (var action in new[] { "Rejected", "Approved" })
                {
                    Assert.NotEqual(subject, LogEntry.Subject(salt, action, At, guess, "decision-r01"));
                    Assert.NotEqual(subject, LogEntry.Subject(salt, action, At.Date, guess, "decision-r01"));
                }
            }

            Assert.NotEqual(subject, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(guess))));
            Assert.NotEqual(subject, Fingerprint.Of(guess));
        }

        // The salt's holder does confirm it: the commitment binds, it is not random noise.
        Assert.Equal(subject, LogEntry.Subject(SubjectSalt, "Rejected", At, Reference, "decision-r01"));
    }

    [Fact]
    public void Subject_TwoStepsOfOneApplication_AreUnlinkable()
    {
        var first = LogEntry.V2("saint-exemple", Reference, "submitted", "Submitted", At, Commitment, LogEntry.NewSalt()).CanonicalText();
        var second = LogEntry.V2("saint-exemple", Reference, "validation", "Validated", At, Commitment, LogEntry.NewSalt()).CanonicalText();

        using var a = JsonDocument.Parse(first);
        using var b = JsonDocument.Parse(second);
        Assert.NotEqual(a.RootElement.GetProperty("subject").GetString(), b.RootElement.GetProperty("subject").GetString());
    }

    [Fact]
    public void Parse_V2Leaf_RefusesToInventAReference()
    {
        Assert.Throws<FormatException>(() => LogEntry.Parse(V2().CanonicalText()));
        Assert.Equal(Reference, LogEntry.Parse(new LogEntry("c", Reference, "s", "Submitted", At, new string('a', 64)).CanonicalText()).Reference);
    }
}
