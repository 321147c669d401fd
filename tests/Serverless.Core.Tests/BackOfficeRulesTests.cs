using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Review;
using Serverless.Core.Tokens;
using Serverless.Platform.Storage;

namespace Serverless.Core.Tests;

/// <summary>The back office's rules that need no storage: who is an agent, links, limits, search folding, list queries.</summary>
public sealed class BackOfficeRulesTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());
    private readonly FixedClock clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private SignInLinks Links() => new(
        Options.Create(new ReviewTokenOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Key } }),
        Options.Create(new BackOfficeOptions()),
        new StorageClients(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }).Build()),
        clock);

    [Fact]
    public void CommunesOf_AddressInTheCommunesRoles_IsAnAgentOfThatCommuneOnly()
    {
        var directory = new AgentDirectory(TestCatalogue.Shipped);

        Assert.Equal(["saint-exemple"], directory.CommunesOf("Agent.Scolaire@saint-exemple.example").Select(commune => commune.Id));
        Assert.Equal(["villeneuve-sur-gard"], directory.CommunesOf("ecoles@villeneuve-sur-gard.example").Select(commune => commune.Id));
        Assert.Empty(directory.CommunesOf("quelquun@saint-exemple.example"));
        Assert.False(directory.IsAgentOf("ecoles@villeneuve-sur-gard.example", "saint-exemple"));
    }

    [Fact]
    public void AccessOf_RegiesOfTheCommune_AdministratorKeepsAllButTheRestrictedCanteensRoleMembersTheirOwnOthersNone()
    {
        var directory = new AgentDirectory(TestCatalogue.Shipped);

        // The canteen's régie collects by family quotient for a restrictedAccess procedure: its agents only.
        Assert.Equal(["marches", "mediatheque"], directory.AccessOf("informatique@saint-exemple.example", "saint-exemple")!.RegieIds.Order(StringComparer.Ordinal));
        Assert.Equal(["periscolaire"], directory.AccessOf("Enfance@saint-exemple.example", "saint-exemple")!.RegieIds);
        Assert.Equal(["mediatheque"], directory.AccessOf("mediatheque@saint-exemple.example", "saint-exemple")!.RegieIds);
        Assert.Empty(directory.AccessOf("agent.scolaire@saint-exemple.example", "saint-exemple")!.RegieIds);
        Assert.Empty(directory.AccessOf("informatique@villeneuve-sur-gard.example", "villeneuve-sur-gard")!.RegieIds);
    }

    [Fact]
    public void Check_SignInLinkIssuedNow_GrantsItsAgentAndCommuneFor15Minutes()
    {
        var links = Links();
        var (token, grant) = links.Issue("agent.scolaire@saint-exemple.example", "saint-exemple");

        Assert.Equal(grant, links.Check(token));
        Assert.Equal(clock.Now.AddMinutes(15), grant.ExpiresAt);
        clock.Now = clock.Now.AddMinutes(15);
        Assert.Null(links.Check(token));
    }

    [Fact]
    public void Check_SignInLinkWithCommuneChangedOrAReviewLink_IsRefused()
    {
        var links = Links();
        var (token, _) = links.Issue("agent.scolaire@saint-exemple.example", "saint-exemple");
        var payload = System.Text.Encoding.UTF8.GetString(Base64Url.TryDecode(token.Split('.')[0])!);
        var tampered = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(payload.Replace("saint-exemple", "villeneuve-sur-gard", StringComparison.Ordinal))) + "." + token.Split('.')[1];
        var review = new ReviewTokens(Options.Create(new ReviewTokenOptions { ActiveKeyId = "k1", Keys = new() { ["k1"] = Key } }), clock)
            .Issue(new ReviewGrant("ECO-2026-7K3F9Q", 1, "agent.scolaire@saint-exemple.example", ReviewAction.Approve, clock.Now.AddDays(1)));

        Assert.Null(links.Check(tampered));
        Assert.Null(links.Check(review));
        Assert.Null(links.Check("not-a-token"));
    }

    [Fact]
    public void AcquireAddress_OverTheHourlyLimit_IsRefusedForThatAddressOnly()
    {
        using var limiter = new SignInLimiter(Options.Create(new BackOfficeOptions { SignInRequestsPerAddressPerHour = 2 }));

        Assert.True(limiter.AcquireAddress("a@x.example").IsAcquired);
        Assert.True(limiter.AcquireAddress("A@X.example ").IsAcquired);
        Assert.False(limiter.AcquireAddress("a@x.example").IsAcquired);
        Assert.True(limiter.AcquireAddress("b@x.example").IsAcquired);
    }

    [Fact]
    public void AcquireClient_OverTheHourlyLimit_IsRefusedWithRetryAfter()
    {
        using var limiter = new SignInLimiter(Options.Create(new BackOfficeOptions { SignInRequestsPerClientPerHour = 1 }));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.7");

        Assert.True(limiter.AcquireClient(context).IsAcquired);
        using var refused = limiter.AcquireClient(context);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("Martin-Lœvenbrück", "martin-loevenbruck")]
    [InlineData("ÉLOÏSE Garçon", "eloise garcon")]
    [InlineData("Nguyễn", "nguyen")]
    public void Fold_AccentsLigaturesAndCase_AreIgnoredForSearch(string typed, string folded) =>
        Assert.Equal(folded, TextFolding.Fold(typed));

    [Fact]
    public void From_QueryString_ReadsEveryFilterAndWritesItBackTheSame()
    {
        var query = ApplicationListQuery.From(new QueryCollection(new Dictionary<string, StringValues>
        {
            ["tab"] = "all", ["procedure"] = "school-enrolment", ["status"] = "Approved", ["from"] = "2026-01-01", ["to"] = "2026-06-30",
            ["dueBefore"] = "2026-12-31", ["mine"] = "1", ["overdue"] = "1", ["q"] = "Léa", ["sort"] = "submitted", ["dir"] = "desc", ["page"] = "3",
        }));

        Assert.Equal(ApplicationStatus.Approved, query.Status);
        Assert.Equal(new DateOnly(2026, 6, 30), query.SubmittedTo);
        Assert.True(query.AssignedToMe && query.Overdue && query.Descending);
        Assert.Equal(ListSort.Submitted, query.Sort);
        Assert.Equal(3, query.Page);
        Assert.Equal(query, ApplicationListQuery.From(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.ToQueryString()))));
    }

    [Fact]
    public void Columns_ChosenInTheForm_SurviveTheQueryStringAndGiveTheExportsHeader()
    {
        var none = ApplicationListQuery.From(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("tab=all&cols=1")));
        var some = ApplicationListQuery.From(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("tab=all&cols=1&col=due&col=procedure&col=unknown")));
        var unchosen = ApplicationListQuery.From(new QueryCollection());

        Assert.Equal(ListColumns.None, none.Columns);
        Assert.Equal(ListColumns.Procedure | ListColumns.Due, some.Columns);
        Assert.Equal(ListColumns.All, unchosen.Columns);
        Assert.Equal("tab=all&cols=1&col=procedure&col=due", some.ToQueryString());
        Assert.Equal(some, ApplicationListQuery.From(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(some.ToQueryString()))));
        Assert.Equal(["Référence"], ListExport.Headers(none.Columns));
        Assert.Equal(["Référence", "Démarche", "Échéance", "Délai suspendu", "En retard"], ListExport.Headers(some.Columns));
        Assert.Equal(["Référence", "Démarche", "Demandeur", "Statut", "Déposée le", "Échéance", "Délai suspendu", "En retard", "Assignée à"], ListExport.Headers(unchosen.Columns));
    }

    [Fact]
    public void Statuses_ToProcessTab_AreThoseAwaitingTheAgentsDecision()
    {
        var query = ApplicationListQuery.From(new QueryCollection());

        Assert.Equal("todo", query.Tab);
        Assert.Equal([ApplicationStatus.UnderReview, ApplicationStatus.Incident, ApplicationStatus.Received], query.Statuses);
        Assert.True(query.ReadsInIndexOrder);
    }

    [Fact]
    public void RowKey_IndexEntries_SortByDueDateThenReference()
    {
        var early = new IndexEntry("c", "ECO-2026-AAAAAA", "p", "n", ApplicationStatus.UnderReview, clock.Now, clock.Now.AddDays(1), false, string.Empty);
        var late = early with { Reference = "ECO-2026-000000", DueAt = clock.Now.AddDays(2) };
        var none = early with { DueAt = null };

        Assert.True(string.CompareOrdinal(early.RowKey, late.RowKey) < 0);
        Assert.True(string.CompareOrdinal(late.RowKey, none.RowKey) < 0);
        Assert.True(early.IsOverdue(clock.Now.AddDays(3)));
        Assert.False((early with { Suspended = true }).IsOverdue(clock.Now.AddDays(3)));
        Assert.False((early with { Status = ApplicationStatus.Approved }).IsOverdue(clock.Now.AddDays(3)));
    }
}
