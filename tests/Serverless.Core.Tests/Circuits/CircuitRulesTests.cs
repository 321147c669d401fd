using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Circuits;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Tokens;

namespace Serverless.Core.Tests.Circuits;

/// <summary>
/// The signature circuit's rules that need no storage: who may sign on a given day (délégations de signature and
/// their dates, CGCT art. L2122-18), what the signature says, what a circuit link grants, and what an amendment changed.
/// </summary>
public sealed class CircuitRulesTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());
    private static readonly ProcedureDefinition SocialAid = TestCatalogue.Shipped.Find("social-aid-request")!;
    private static readonly CommuneDefinition SaintExemple = TestCatalogue.Shipped.CommuneOf(SocialAid);
    private readonly CircuitSigners signers = new(TestCatalogue.Shipped);
    private readonly FixedClock clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    private static CircuitStepPlan SignatureStep => CircuitPlans.Steps(SocialAid.SignatureCircuit!, SaintExemple, "ccas@saint-exemple.example")[^1];

    [Fact]
    public void Steps_ShippedSocialAidCircuit_DraftThenTwoVisasThenTheMayorsSignature()
    {
        var steps = CircuitPlans.Steps(SocialAid.SignatureCircuit!, SaintExemple, "ccas@saint-exemple.example");

        Assert.Equal([CircuitStepKind.Draft, CircuitStepKind.Visa, CircuitStepKind.Visa, CircuitStepKind.Signature], steps.Select(step => step.Kind));
        Assert.Equal(["responsable-ccas"], steps[1].Actors);
        Assert.Equal(["maire"], steps[3].Actors);
    }

    [Fact]
    public void AppliesTo_EmergencyAidOnly_OtherAidIsApprovedWithoutCircuit()
    {
        Assert.True(SocialAid.SignatureCircuit!.AppliesTo(new Dictionary<string, string> { ["aidType"] = "secours-exceptionnel" }));
        Assert.False(SocialAid.SignatureCircuit.AppliesTo(new Dictionary<string, string> { ["aidType"] = "aide-energie" }));
    }

    [Fact]
    public void Of_SignatureStepInDecember2026_TheMayorAndTheDeputyWhoseDelegationIsInForce()
    {
        var who = signers.Of("saint-exemple", SocialAid.Id, SignatureStep, new DateOnly(2026, 12, 5));

        Assert.Equal(["maire", "adjointe-solidarites"], who.Select(signer => signer.Signatory.Id));
        Assert.Equal("Le maire", who[0].Capacity);
        Assert.Equal("Pour le maire et par délégation, Sophie Bernard, adjointe au maire déléguée aux solidarités (arrêté n° 2026-014 du 2 janvier 2026)", who[1].Capacity);
    }

    [Fact]
    public void Check_DelegationNotYetInForce_RefusedWithItsDates()
    {
        // The education deputy's delegation covers social aid from 1 January 2031 only.
        var (signer, refusal) = signers.Check("saint-exemple", SocialAid.Id, SignatureStep, "adjoint-education", new DateOnly(2026, 12, 5));

        Assert.Null(signer);
        Assert.Equal("Votre délégation de signature (arrêté n° 2030-210 du 15 décembre 2030) n'est pas en vigueur aujourd'hui : elle vaut du 1 janvier 2031 au 31 décembre 2031.", refusal);
    }

    [Fact]
    public void Check_DelegationOnItsLastDay_Accepted_TheDayAfter_Refused()
    {
        Assert.NotNull(signers.Check("saint-exemple", SocialAid.Id, SignatureStep, "adjoint-education", new DateOnly(2031, 12, 31)).Signer);
        Assert.Null(signers.Check("saint-exemple", SocialAid.Id, SignatureStep, "adjoint-education", new DateOnly(2032, 1, 1)).Signer);
    }

    [Fact]
    public void Check_DelegationForAnotherProcedure_RefusedAsOutOfScope()
    {
        var library = new CircuitStepPlan(3, CircuitStepKind.Signature, "Signature", ["maire"]);

        var (signer, refusal) = signers.Check("saint-exemple", "library-membership", library, "adjointe-solidarites", new DateOnly(2026, 12, 5));

        Assert.Null(signer);
        Assert.Contains("ne couvre pas cette démarche", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_VisaHolderAtTheSignatureStep_Refused()
    {
        Assert.Null(signers.Check("saint-exemple", SocialAid.Id, SignatureStep, "dgs", new DateOnly(2026, 12, 5)).Signer);
    }

    [Fact]
    public void Check_CircuitTokenOpenedAsAReviewLink_RefusedAndTheReverse()
    {
        var options = Options.Create(new ReviewTokenOptions { ActiveKeyId = "k1", Keys = new Dictionary<string, string> { ["k1"] = Key } });
        var circuitTokens = new CircuitTokens(options, clock);
        var reviewTokens = new ReviewTokens(options, clock);
        var circuit = circuitTokens.Issue(new CircuitGrant("CAS-2026-7K3F9Q", 1, 3, "maire", clock.Now.AddDays(14)));
        var review = reviewTokens.Issue(new ReviewGrant("CAS-2026-7K3F9Q", 1, "maire", ReviewAction.Approve, clock.Now.AddDays(14)));

        Assert.Equal(TokenProblem.None, circuitTokens.Check(circuit).Problem);
        Assert.NotEqual(TokenProblem.None, reviewTokens.Check(circuit).Problem);
        Assert.NotEqual(TokenProblem.None, circuitTokens.Check(review).Problem);
    }

    [Fact]
    public void Check_CircuitTokenWithAnotherStep_BadSignature()
    {
        var options = Options.Create(new ReviewTokenOptions { ActiveKeyId = "k1", Keys = new Dictionary<string, string> { ["k1"] = Key } });
        var tokens = new CircuitTokens(options, clock);
        var token = tokens.Issue(new CircuitGrant("CAS-2026-7K3F9Q", 1, 1, "dgs", clock.Now.AddDays(14)));
        var payload = Base64Url.TryDecode(token.Split('.')[0])!;
        var forged = System.Text.Encoding.UTF8.GetString(payload).Replace("|1|1|dgs|", "|1|3|dgs|", StringComparison.Ordinal);

        var check = tokens.Check($"{Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(forged))}.{token.Split('.')[1]}");

        Assert.Equal(TokenProblem.BadSignature, check.Problem);
    }

    [Fact]
    public void Compare_OneWordChanged_ShowsItRemovedAndItsReplacementAdded()
    {
        var segments = TextDiff.Compare("Article 1 : un secours de 300 euros est attribué.", "Article 1 : un secours de 450 euros est attribué.");

        Assert.Equal(
            [(DiffKind.Same, "Article 1 : un secours de "), (DiffKind.Removed, "300 "), (DiffKind.Added, "450 "), (DiffKind.Same, "euros est attribué.")],
            segments.Select(segment => (segment.Kind, segment.Text)));
    }

    [Fact]
    public void Compare_TextsBeyondTheBound_ComparedAsTwoBlocks()
    {
        var before = string.Join(' ', Enumerable.Repeat("mot", TextDiff.MaxWords + 1));

        var segments = TextDiff.Compare(before, before + " fin");

        Assert.Equal([DiffKind.Removed, DiffKind.Added], segments.Select(segment => segment.Kind));
    }

    [Fact]
    public void CitizenLabel_SecondStep_NamesTheVisaFromTheCatalogueOnly()
    {
        Assert.Equal("Étape 2 sur 4 : Visa de la responsable du CCAS", CircuitPlans.CitizenLabel(SocialAid.SignatureCircuit!, 1, french: true));
        Assert.Equal("Step 4 of 4: Signature by the elected official", CircuitPlans.CitizenLabel(SocialAid.SignatureCircuit!, 3, french: false));
    }
}
