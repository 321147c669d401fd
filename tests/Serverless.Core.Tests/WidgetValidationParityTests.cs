using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Serverless.Tests.Fixtures;

namespace Serverless.Core.Tests;

/// <summary>
/// The widget says what the server says: the same inputs go through <see cref="SubmissionValidator"/> and through
/// the widget's validator (widget/src/validate.js, run by node on the definition exactly as
/// <c>GET /api/procedures/{id}</c> serves it), and the errors must match field by field and message by message,
/// in French and in English.
/// </summary>
public sealed class WidgetValidationParityTests
{
    private static readonly FixedClock Clock = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private static readonly Lazy<ProcedureCatalog> Catalog = new(() => CatalogueLoader.Load(FixtureCatalogue.CreateFolder()));
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj<<>>endobj\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    /// <summary>One input: values as a browser sends them (several values for checkboxes) and files.</summary>
    private sealed record Case(string Name, Dictionary<string, string[]> Values, (string Field, string FileName, byte[] Content)[] Files);

    private static Dictionary<string, string[]> SchoolEnrolment(params (string Name, string Value)[] changes)
    {
        var values = new Dictionary<string, string[]>
        {
            ["childFirstName"] = ["Léa"],
            ["childLastName"] = ["Martin"],
            ["childBirthDate"] = ["04/05/2021"],
            ["schoolYear"] = ["2027-2028"],
            ["school"] = ["ecole-jules-ferry"],
            ["parentName"] = ["Claire Martin"],
            ["parentEmail"] = ["claire@example.org"],
            ["parentPhone"] = ["06 12 34 56 78"],
            ["addressLine"] = ["3 rue des Lilas"],
            ["postalCode"] = ["30000"],
            ["city"] = ["Saint-Exemple"],
        };
        foreach (var (name, value) in changes)
        {
            if (value.Length == 0)
            {
                values.Remove(name);
            }
            else
            {
                values[name] = [value];
            }
        }

        return values;
    }

    private static Dictionary<string, string[]> StreetParty(params (string Name, string[] Value)[] changes)
    {
        var values = new Dictionary<string, string[]>
        {
            ["organiserName"] = ["Zoé Lambert"],
            ["organiserEmail"] = ["zoe@example.org"],
            ["streetName"] = ["rue des Écoles"],
            ["postalCode"] = ["30000"],
            ["partyDate"] = ["2026-06-21"],
            ["guests"] = ["40"],
            ["activities"] = ["musique"],
            ["roadClosure"] = ["non"],
        };
        foreach (var (name, value) in changes)
        {
            values[name] = value;
        }

        return values;
    }

    private static readonly (string Field, string FileName, byte[] Content)[] Proof = [("proofOfAddress", "justificatif.pdf", Pdf)];

    private static IEnumerable<Case> SchoolEnrolmentCases() =>
    [
        new("valid", SchoolEnrolment(), Proof),
        new("empty", [], []),
        new("future birth date", SchoolEnrolment(("childBirthDate", "2027-01-01")), Proof),
        new("impossible date", SchoolEnrolment(("childBirthDate", "31/02/2021")), Proof),
        new("date in another format", SchoolEnrolment(("childBirthDate", "4 mai 2021")), Proof),
        new("child too old for the year", SchoolEnrolment(("childBirthDate", "2012-03-01")), Proof),
        new("child too young", SchoolEnrolment(("childBirthDate", "2026-01-10")), Proof),
        new("bad phone and e-mail", SchoolEnrolment(("parentPhone", "12 34"), ("parentEmail", "claire@example")), Proof),
        new("e-mail with a space", SchoolEnrolment(("parentEmail", "claire martin@example.org")), Proof),
        new("postal code of another commune", SchoolEnrolment(("postalCode", "75001")), Proof),
        new("postal code not five digits", SchoolEnrolment(("postalCode", "3000")), Proof),
        new("school not offered", SchoolEnrolment(("school", "ecole-inconnue")), Proof),
        new("closed school year", SchoolEnrolment(("schoolYear", "2020-2021")), Proof),
        new("name too long and control character", SchoolEnrolment(("childFirstName", new string('a', 101)), ("childLastName", "Mar\u0007tin")), Proof),
        new("blank values count as missing", SchoolEnrolment(("city", "   "), ("parentName", "")), Proof),
        new("no file", SchoolEnrolment(), []),
        new("renamed file", SchoolEnrolment(), [("proofOfAddress", "photo.pdf", "GIF89a"u8.ToArray())]),
        new("empty file", SchoolEnrolment(), [("proofOfAddress", "vide.pdf", [])]),
        new("png accepted", SchoolEnrolment(), [("proofOfAddress", "scan.png", Png)]),
        new("too many files", SchoolEnrolment(), [.. Proof, ("proofOfAddress", "second.pdf", Pdf)]),
        new("file too large", SchoolEnrolment(), [("proofOfAddress", "gros.pdf", [.. Pdf, .. new byte[(5 * 1024 * 1024) + 1]])]),
    ];

    private static IEnumerable<Case> StreetPartyCases() =>
    [
        new("valid", StreetParty(), []),
        new("guests out of range", StreetParty(("guests", ["1000"])), []),
        new("guests with a comma", StreetParty(("guests", ["40,5"])), []),
        new("guests not a number", StreetParty(("guests", ["quarante"])), []),
        new("name too short", StreetParty(("organiserName", ["Zo"])), []),
        new("several errors", StreetParty(("organiserName", ["Zo"]), ("guests", ["beaucoup"]), ("partyDate", ["2026-13-01"]), ("organiserPhone", ["+33 6 12"])), []),
        new("pattern mismatch", StreetParty(("permitCode", ["FET-12"])), []),
        new("pattern match", StreetParty(("permitCode", ["FET-1234"])), []),
        new("unknown checkbox value", StreetParty(("activities", ["musique", "feu-d-artifice"])), []),
        new("several checkboxes", StreetParty(("activities", ["buvette", "musique"])), [("insurance", "assurance.pdf", Pdf)]),
        new("buvette requires insurance", StreetParty(("activities", ["buvette"])), []),
        new("yes or no not answered so", StreetParty(("roadClosure", ["peut-être"])), []),
        new("road closure requires hours", StreetParty(("roadClosure", ["oui"])), []),
        new("hours dropped when not closing", StreetParty(("closureHours", [new string('x', 100)])), []),
        new("two values for a single field", StreetParty(("streetName", ["rue A", "rue B"])), []),
        new("long remarks with new lines", StreetParty(("remarks", ["Première ligne\nSeconde ligne"])), []),
        new("insurance files too many", StreetParty(("activities", ["buvette"])), [("insurance", "a.pdf", Pdf), ("insurance", "b.pdf", Pdf), ("insurance", "c.pdf", Pdf)]),
        new("insurance file too large", StreetParty(("activities", ["buvette"])), [("insurance", "a.pdf", [.. Pdf, .. new byte[1024 * 1024]])]),
    ];

    [Theory]
    [InlineData("school-enrolment", "fr")]
    [InlineData("school-enrolment", "en")]
    [InlineData(FixtureCatalogue.FixtureProcedureId, "fr")]
    [InlineData(FixtureCatalogue.FixtureProcedureId, "en")]
    public async Task Validate_SameInputsInWidgetAndServer_GiveTheSameMessagesPerField(string procedureId, string languageCode)
    {
        var language = languageCode == "en" ? Language.English : Language.French;
        var procedure = Catalog.Value.Find(procedureId)!;
        var cases = (procedureId == "school-enrolment" ? SchoolEnrolmentCases() : StreetPartyCases()).ToList();
        var validator = new SubmissionValidator(Clock);
        var postalCodes = Catalog.Value.CommuneOf(procedure).PostalCodes;

        var server = cases.Select(one => validator.Validate(procedure, Submission(one), postalCodes).Errors
            .Select(error => $"{error.Field}: {error.Message.In(language)}").ToList()).ToList();
        var widget = await RunWidgetAsync(Definition(procedureId, languageCode), cases);

        Assert.Contains(server, errors => errors.Count == 0);
        Assert.Contains(server, errors => errors.Count > 1);
        for (var index = 0; index < cases.Count; index++)
        {
            Assert.True(server[index].SequenceEqual(widget[index]), $"{cases[index].Name}:\n server: {string.Join(" | ", server[index])}\n widget: {string.Join(" | ", widget[index])}");
        }
    }

    private static RawSubmission Submission(Case one)
    {
        var fields = one.Values.Where(pair => pair.Value.Length == 1).ToDictionary(pair => pair.Key, pair => pair.Value[0]);
        var repeated = one.Values.Where(pair => pair.Value.Length > 1).ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value);
        return new RawSubmission(fields, [.. one.Files.Select(file => new UploadedFile(file.Field, file.FileName, file.Content))]) { Repeated = repeated };
    }

    /// <summary>The definition as a browser receives it.</summary>
    private static JsonNode Definition(string procedureId, string language)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString($"?lang={language}");
        var result = Assert.IsType<TextBodyResult>(new CatalogueHandler(Catalog.Value, Clock).Get(context.Request, procedureId));
        return JsonNode.Parse(result.Body)!;
    }

    private static async Task<List<List<string>>> RunWidgetAsync(JsonNode definition, List<Case> cases)
    {
        var input = new JsonObject
        {
            ["definition"] = definition,
            ["today"] = DateOnly.FromDateTime(Clock.GetLocalNow().DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["cases"] = new JsonArray([.. cases.Select(one => (JsonNode)new JsonObject
            {
                ["values"] = new JsonObject(one.Values.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)(pair.Value.Length == 1 ? JsonValue.Create(pair.Value[0]) : new JsonArray([.. pair.Value.Select(value => (JsonNode)JsonValue.Create(value))]))))),
                ["files"] = new JsonObject(one.Files.GroupBy(file => file.Field).Select(group => KeyValuePair.Create(group.Key, (JsonNode?)new JsonArray([.. group.Select(file => (JsonNode)new JsonObject { ["name"] = file.FileName, ["base64"] = Convert.ToBase64String(file.Content) })])))),
            })]),
        };
        var start = new ProcessStartInfo("node", [Path.Combine(RepositoryRoot(), "widget", "tools", "validate-cli.mjs")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, errors);
        using var document = JsonDocument.Parse(output);
        return [.. document.RootElement.EnumerateArray().Select(list => list.EnumerateArray()
            .Select(error => $"{error.GetProperty("field").GetString()}: {error.GetProperty("message").GetString()}").ToList())];
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above the test's folder.");
    }
}
