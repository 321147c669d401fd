using System.Text.Json.Nodes;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Procedures;
using Serverless.Tests.Fixtures;

namespace Serverless.Core.Tests.Payments;

/// <summary>Prices as the catalogue states them: computed by the server from the values, every case priced, checked at load.</summary>
public sealed class PaymentCatalogueTests : IDisposable
{
    private readonly string folder = FixtureCatalogue.CreateFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("", 11000)] // no quotient given: the full price
    [InlineData("0", 3000)]
    [InlineData("500", 3000)] // a bracket's upper bound is in it
    [InlineData("500.5", 5500)]
    [InlineData("900", 5500)]
    [InlineData("1400", 8000)]
    [InlineData("1401", 11000)]
    [InlineData("4999", 11000)]
    public void AmountFor_CanteenByQuotientBracket_IsTheBracketsAmount(string quotient, long cents)
    {
        var canteen = TestCatalogue.Shipped.Find("canteen-after-school")!.Payment!;

        Assert.Equal(PaymentMoment.BeforeReview, canteen.When);
        Assert.Equal(cents, canteen.Price.AmountFor(new Dictionary<string, string> { ["familyQuotient"] = quotient }));
    }

    [Theory]
    [InlineData("adulte", 1500)]
    [InlineData("jeune", 0)]
    [InlineData("etudiant", 0)]
    [InlineData("demandeur-emploi", 0)]
    public void AmountFor_LibraryByChoice_IsTheChoicesAmountAndFreeTiersAreZero(string membership, long cents)
    {
        var library = TestCatalogue.Shipped.Find("library-membership")!.Payment!;

        Assert.Equal(PaymentMoment.AfterApproval, library.When);
        Assert.Equal(cents, library.Price.AmountFor(new Dictionary<string, string> { ["membershipType"] = membership }));
    }

    [Fact]
    public void Load_RegieOfTheShippedCommune_HasItsPayFipClientNumber()
    {
        var catalog = TestCatalogue.Shipped;
        var canteen = catalog.Find("canteen-after-school")!;

        Assert.Equal("990001", catalog.CommuneOf(canteen).Regie(canteen.Payment!.RegieId)!.ClientNumber);
    }

    [Fact]
    public void Load_ChoiceLeftUnpriced_IsRefusedNamingIt()
    {
        var problems = LoadWithPayment("""{ "field": "activities", "byChoice": { "musique": 500, "buvette": 800 } }""");

        Assert.Contains(problems, problem => problem.Contains("$.payment.price.byChoice", StringComparison.Ordinal) && problem.Contains("jeux", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BracketsNotRisingOrLastClosed_AreRefused()
    {
        var falling = LoadWithPayment("""{ "field": "guests", "byQuotient": [ { "upTo": 100, "amount": 500 }, { "upTo": 50, "amount": 800 }, { "amount": 900 } ] }""");
        var closed = LoadWithPayment("""{ "field": "guests", "byQuotient": [ { "upTo": 100, "amount": 500 }, { "upTo": 200, "amount": 800 } ] }""");

        Assert.Contains(falling, problem => problem.Contains("byQuotient[1].upTo", StringComparison.Ordinal));
        Assert.Contains(closed, problem => problem.Contains("the last bracket has no upTo", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownRegie_IsRefusedNamingTheCommune()
    {
        var problems = LoadWithPayment("""{ "fixed": 1000 }""", regie: "voirie");

        Assert.Contains(problems, problem => problem.Contains("has no régie 'voirie'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RegiesOfTheShippedCommune_NameTheRoleWhoseAgentsKeepTheirBooks()
    {
        var commune = TestCatalogue.Shipped.FindCommune("saint-exemple")!;

        Assert.Equal("childhood", commune.Regie("periscolaire")!.Role);
        Assert.Equal("culture", commune.Regie("mediatheque")!.Role);
    }

    [Fact]
    public void Load_RegieNamingARoleTheCommuneHasNot_IsRefusedNamingIt()
    {
        var file = Path.Combine(folder, "communes", "saint-exemple.json");
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        json["regies"]![0]!["role"] = "voirie";
        File.WriteAllText(file, json.ToJsonString());

        var problems = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder)).Problems;

        Assert.Contains(problems, problem => problem.Contains("$.regies[0].role: the commune has no role 'voirie'", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TwoKindsOfPriceAtOnce_IsRefusedBySchema()
    {
        var problems = LoadWithPayment("""{ "fixed": 1000, "field": "guests", "byQuotient": [ { "amount": 900 } ] }""");

        Assert.Contains(problems, problem => problem.Contains("payment", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ObjectNamingThePerson_IsRefused()
    {
        var problems = LoadWithPayment("""{ "fixed": 1000 }""", objectText: "Fête de {organiserName}");

        Assert.Contains(problems, problem => problem.Contains("$.payment.object", StringComparison.Ordinal) && problem.Contains("organiserName", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RegieInItsOwnPayFipStep_KeepsItsModeForItsPayments()
    {
        var file = Path.Combine(folder, "communes", "saint-exemple.json");
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        json["regies"]![0]!["mode"] = "activation";
        File.WriteAllText(file, json.ToJsonString());

        var regie = CatalogueLoader.Load(folder).FindCommune("saint-exemple")!.Regie(json["regies"]![0]!["id"]!.GetValue<string>())!;

        Assert.Equal(PayFipMode.Activation, PayFipModes.Parse(regie.PayFipMode));
    }

    [Fact]
    public void Load_RegieModeNotOneOfPayFipsSteps_IsRefusedBySchema()
    {
        var file = Path.Combine(folder, "communes", "saint-exemple.json");
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        json["regies"]![0]!["mode"] = "live";
        File.WriteAllText(file, json.ToJsonString());

        var problems = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder)).Problems;

        Assert.Contains(problems, problem => problem.Contains("regies", StringComparison.Ordinal) && problem.Contains("mode", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RestrictedProcedurePaidToARegieWithoutRole_IsRefusedAskingForOne()
    {
        // The market's régie has no role: only the administrator would keep its books, and not a restricted procedure's.
        var problems = LoadWithPayment("""{ "fixed": 1000 }""", regie: "marches", restricted: true);

        Assert.Contains(problems, problem => problem.Contains("'marches' collects for a restrictedAccess procedure: give it a role", StringComparison.Ordinal));
    }

    private IReadOnlyList<string> LoadWithPayment(string price, string regie = "periscolaire", string objectText = "Fête", bool restricted = false)
    {
        var file = Path.Combine(folder, "procedures", FixtureCatalogue.FixtureProcedureId + ".json");
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        if (restricted)
        {
            json["restrictedAccess"] = true;
        }

        json["payment"] = JsonNode.Parse($$"""
            { "regie": "{{regie}}", "when": "beforeReview", "object": { "fr": "{{objectText}}", "en": "Party" }, "price": {{price}},
              "mentions": { "fr": "Tarif voté.", "en": "Price set." } }
            """);
        File.WriteAllText(file, json.ToJsonString());
        return Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(folder)).Problems;
    }
}
