using FsCheck;
using FsCheck.Fluent;
using Serverless.Core.OpenData;
using Serverless.Core.Procedures;

namespace Serverless.Core.Tests.OpenData;

/// <summary>Statistical secrecy, the published CSV and its Table Schema, and exact processing times.</summary>
public sealed class OpenDataTests
{
    private static readonly ProcedureCatalog Catalog = CatalogueLoader.Load(CatalogueLoader.BundledPath);

    private static CommuneDefinition Commune => Catalog.FindCommune("saint-exemple")!;

    private static string SchemaJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "open-data", "schema.json"));

    private static MonthAggregate Aggregate(string month, string procedureId, long submitted, long approved, long rejected, long implicitDecisions, long withdrawn, long abandoned, long changes, params long[] minutes)
    {
        var durations = minutes.Aggregate(new DurationHistogram(), (histogram, value) => histogram.With(value));
        return new MonthAggregate("saint-exemple", month, procedureId, new Dictionary<string, long>
        {
            [StatisticMeasures.Submitted] = submitted,
            [StatisticMeasures.Decided] = approved + rejected,
            [StatisticMeasures.Approved] = approved,
            [StatisticMeasures.Rejected] = rejected,
            [StatisticMeasures.Implicit] = implicitDecisions,
            [StatisticMeasures.Withdrawn] = withdrawn,
            [StatisticMeasures.Abandoned] = abandoned,
            [StatisticMeasures.ChangesRequested] = changes,
        }, durations);
    }

    /// <summary>The example shipped beside the schema: two months, two procedures, small counts suppressed.</summary>
    public static IReadOnlyList<MonthAggregate> ExampleAggregates() =>
    [
        Aggregate("2026-10", "school-enrolment", 42, 30, 4, 2, 3, 1, 12, [.. Enumerable.Range(1, 34).Select(i => (long)(i * 1440 / 2))]),
        Aggregate("2026-10", "library-membership", 25, 19, 0, 19, 2, 0, 0, [.. Enumerable.Range(1, 19).Select(i => (long)(i * 700))]),
        Aggregate("2026-11", "school-enrolment", 18, 16, 12, 0, 0, 0, 14, [.. Enumerable.Range(1, 28).Select(i => (long)(i * 900))]),
        Aggregate("2026-11", "library-membership", 31, 27, 3, 27, 12, 0, 0, [.. Enumerable.Range(1, 30).Select(i => (long)(i * 600))]),
    ];

    private static string ExampleCsv() =>
        StatisticsFormats.Csv(StatisticsTable.Build(Commune, Catalog, ExampleAggregates(), new DateOnly(2026, 12, 1), "https://services.saint-exemple.example/api/open-data/schema.json"));

    [Fact]
    public void Validate_ShippedExampleCsv_MatchesTheSchemaAndIsWhatTheCodePublishes()
    {
        var example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "open-data", "example.csv"));

        Assert.Empty(TableSchemaValidator.Validate(SchemaJson, example));
        Assert.Equal(ExampleCsv(), example);
        Assert.Contains("secret_statistique", example.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.Matches(",refusees[ ,]|refusees\\b", example.Split("\r\n")[1]);
    }

    [Theory]
    [InlineData("header", "producteur_nom,", "nom,")]
    [InlineData("integer", ",42,", ",quarante-deux,")]
    [InlineData("minimum", ",42,", ",-42,")]
    [InlineData("yearmonth", ",2026-10,", ",2026-13,")]
    [InlineData("pattern (SIREN)", ",213099997,", ",21309999,")]
    [InlineData("required", "Commune de Saint-Exemple,", ",")]
    [InlineData("date", ",2026-12-01\r\n", ",01/12/2026\r\n")]
    public void Validate_BrokenCsv_IsRejected(string broken, string find, string replace)
    {
        var example = ExampleCsv();
        var index = example.IndexOf(find, broken == "header" ? 0 : example.IndexOf("\r\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(index >= 0, $"{find} not found");
        var csv = example[..index] + replace + example[(index + find.Length)..];

        Assert.NotEmpty(TableSchemaValidator.Validate(SchemaJson, csv));
    }

    [Fact]
    public void Validate_RepeatedPrimaryKey_IsRejected()
    {
        var lines = ExampleCsv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains(TableSchemaValidator.Validate(SchemaJson, string.Join("\r\n", lines.Append(lines[1])) + "\r\n"), error => error.Contains("primary key", StringComparison.Ordinal));
    }

    [Fact]
    public void Recover_PrimarySuppressionOnly_RecomputesTheHiddenCell()
    {
        // Proof that the attacker works: hide only the small cell, as a naive publisher would, and it comes back.
        var csv = ExampleCsv();
        var rows = Csv.Parse(csv);
        var header = rows[0];
        var rejected = header.IndexOf("refusees");
        var naive = rows.Select((row, index) => index == 0 ? row : row.Select((cell, column) => column == rejected && row[header.IndexOf("demarche_id")] == "school-enrolment" && row[header.IndexOf("mois")] == "2026-10" ? string.Empty : column == rejected || header[column] is "decidees" or "acceptees" ? ValueOf(row, header, column) : cell).ToList());
        var text = string.Join("\r\n", naive.Select(row => string.Join(',', row.Select(StatisticsFormats.Quote)))) + "\r\n";

        Assert.Contains(SecrecyAttacker.Recover(text), found => found is { Month: "2026-10", Procedure: "school-enrolment", Column: "refusees" } && found.Value == 4);

        // The true values, whatever the publisher hid (the test knows them).
        static string ValueOf(List<string> row, List<string> header, int column)
        {
            var procedure = row[header.IndexOf("demarche_id")];
            var month = row[header.IndexOf("mois")];
            var parts = ExampleAggregates().Where(aggregate => aggregate.Month == month && (procedure == PublishedStatistics.AllProcedures || aggregate.ProcedureId == procedure)).ToList();
            var measure = PublishedStatistics.Columns.Single(pair => pair.Column == header[column]).Measure;
            return parts.Sum(part => part[measure]).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public void Suppress_ShippedExample_HidesSmallCountsAndNothingCanBeRecomputed()
    {
        var csv = ExampleCsv();

        Assert.Empty(SecrecyAttacker.Recover(csv));
        var row = Csv.Parse(csv)[1];
        Assert.Contains("refusees", row[^2], StringComparison.Ordinal);
    }

    [Fact]
    public void Suppress_RandomMonths_NoHiddenCellCanBeRecomputedAndNoSmallCountIsShown()
    {
        var procedures = new[] { "school-enrolment", "library-membership", "canteen-after-school", "social-aid-request" };
        var counts = Gen.Frequency((3, Gen.Choose(0, 12)), (2, Gen.Choose(0, 40)));
        var aggregate = from procedure in Gen.Choose(0, procedures.Length - 1)
                        from month in Gen.Choose(1, 3)
                        from values in Gen.ArrayOf(counts, 7)
                        select (procedure, month, values);
        var months = Gen.NonEmptyListOf(aggregate).Select(list => list.DistinctBy(item => (item.procedure, item.month)).ToList());

        Prop.ForAll(months.ToArbitrary(), items =>
        {
            var aggregates = items.Select(item =>
                Aggregate($"2026-0{item.month}", procedures[item.procedure], item.values[0], item.values[1], item.values[2], Math.Min(item.values[3], item.values[1] + item.values[2]), item.values[4], item.values[5], item.values[6])).ToList();
            var csv = StatisticsFormats.Csv(StatisticsTable.Build(Commune, Catalog, aggregates, new DateOnly(2026, 12, 1), "schema.json"));

            var recovered = SecrecyAttacker.Recover(csv);
            Assert.True(recovered.Count == 0, $"recomputed: {string.Join("; ", recovered)}\n{csv}");
            foreach (var cell in Csv.Parse(csv).Skip(1).SelectMany(row => row.Skip(7).Take(8)))
            {
                Assert.False(cell.Length > 0 && long.Parse(cell, System.Globalization.CultureInfo.InvariantCulture) is > 0 and < 11, $"small count {cell} published\n{csv}");
            }

            Assert.Empty(TableSchemaValidator.Validate(SchemaJson, csv));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Median_EvenAndOddCounts_AreExactAndP90IsNearestRank()
    {
        var odd = new DurationHistogram().With(10).With(30).With(20);
        var even = odd.With(40);
        var ten = Enumerable.Range(1, 10).Aggregate(new DurationHistogram(), (histogram, value) => histogram.With(value * 100));

        Assert.Equal(20, odd.Median());
        Assert.Equal(25, even.Median());
        Assert.Equal(900, ten.Percentile90());
        Assert.Equal(550, DurationHistogram.Merge([ten, new DurationHistogram()]).Median());
        Assert.Equal(ten.ToJson(), DurationHistogram.FromJson(ten.ToJson()).ToJson());
    }
}
