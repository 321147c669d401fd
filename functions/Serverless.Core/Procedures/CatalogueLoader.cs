using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Serverless.Core.Deadlines;
using Serverless.Core.Localization;

namespace Serverless.Core.Procedures;

/// <summary>Why the catalogue was refused: every problem, each naming the file, the JSON path and what is wrong.</summary>
public sealed class CatalogueException(IReadOnlyList<string> problems)
    : Exception("The procedure catalogue is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(problem => "  - " + problem)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Loads the catalogue folder (<c>communes/*.json</c>, <c>procedures/*.json</c>): each file is checked against the
/// published JSON Schema, then for cross-references (fields named by rules, conditions, the certificate; the commune
/// and its roles). Nothing is loaded unless everything is valid, so a bad edit is refused at start-up, not mid-way.
/// </summary>
public static class CatalogueLoader
{
    private static readonly Lazy<JsonSchema> ProcedureSchema = new(() => Schema("procedure.schema.json"));
    private static readonly Lazy<JsonSchema> CommuneSchema = new(() => Schema("commune.schema.json"));

    /// <summary>The catalogue shipped next to the app (copied from <c>functions/catalogue</c>).</summary>
    public static string BundledPath => Path.Combine(AppContext.BaseDirectory, "catalogue");

    public static ProcedureCatalog Load(string folder)
    {
        var problems = new List<string>();
        if (!Directory.Exists(folder))
        {
            throw new CatalogueException([$"{folder}: the catalogue folder does not exist."]);
        }

        var communes = new Dictionary<string, CommuneDefinition>(StringComparer.Ordinal);
        var communeSources = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var file in Files(folder, "communes"))
        {
            if (Read<CommuneJson>(file, CommuneSchema.Value, problems) is { } json)
            {
                var commune = ToCommune(folder, file, json, problems);
                communeSources.TryAdd(commune.Id, Source(file));
                if (!communes.TryAdd(commune.Id, commune))
                {
                    problems.Add($"{file}: $.id: the commune id '{commune.Id}' is already used by another file.");
                }
            }
        }

        var procedures = new List<ProcedureDefinition>();
        var snapshots = new List<ProcedureSnapshot>();
        foreach (var file in Files(folder, "procedures"))
        {
            if (Read<ProcedureJson>(file, ProcedureSchema.Value, problems) is not { } json)
            {
                continue;
            }

            var before = problems.Count;
            CheckReferences(file, json, communes, problems);
            if (problems.Count == before)
            {
                var procedure = ToProcedure(json);
                if (procedures.Any(existing => existing.Id == procedure.Id))
                {
                    problems.Add($"{file}: $.id: the procedure id '{procedure.Id}' is already used by another file.");
                }

                procedures.Add(procedure);
                snapshots.Add(ProcedureSnapshot.Of(procedure.Id, Source(file), communeSources[procedure.CommuneId], communes[procedure.CommuneId].Logo));
            }
        }

        if (procedures.Count == 0 && problems.Count == 0)
        {
            problems.Add($"{Path.Combine(folder, "procedures")}: no procedure definition found.");
        }

        return problems.Count > 0 ? throw new CatalogueException(problems) : new ProcedureCatalog(procedures, communes.Values) { Snapshots = snapshots };
    }

    /// <summary>
    /// A procedure and its commune as they were published (see <see cref="ProcedureSnapshot"/>). The snapshot was
    /// checked when it was published, so it is read without the catalogue folder or the cross-reference checks.
    /// </summary>
    public static (ProcedureDefinition Procedure, CommuneDefinition Commune) FromSnapshot(string snapshotJson)
    {
        var root = JsonNode.Parse(snapshotJson) ?? throw new CatalogueException(["snapshot: empty"]);
        var procedure = root["procedure"].Deserialize<ProcedureJson>(CatalogueJson.Options) ?? throw new CatalogueException(["snapshot: no procedure"]);
        var commune = root["commune"].Deserialize<CommuneJson>(CatalogueJson.Options) ?? throw new CatalogueException(["snapshot: no commune"]);
        var logo = root["logo"]?.GetValue<string>() is { Length: > 0 } encoded ? Convert.FromBase64String(encoded) : null;
        return (ToProcedure(procedure), ToCommune(commune, logo));
    }

    /// <summary>The file as a JSON tree without comments, as it is kept in a snapshot.</summary>
    private static JsonNode Source(string file) =>
        JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;

    private static IEnumerable<string> Files(string folder, string kind)
    {
        var directory = Path.Combine(folder, kind);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal) : [];
    }

    private static T? Read<T>(string file, JsonSchema schema, List<string> problems)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            problems.Add($"{file}: line {exception.LineNumber + 1}: not valid JSON ({exception.Message.Split('.')[0]}).");
            return null;
        }

        using (document)
        {
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                var details = result.Details ?? [];
                // A failed "if", or a failed branch of an anyOf that another branch satisfied, is no problem: keep the
                // errors whose every enclosing schema failed too.
                var passed = details.Where(detail => detail.IsValid).Select(detail => $"{detail.EvaluationPath} {detail.InstanceLocation}").ToHashSet(StringComparer.Ordinal);
                bool EnclosedByAPass(EvaluationResults detail) =>
                    Enclosing(detail.EvaluationPath.ToString()).Any(schema =>
                        Enclosing(detail.InstanceLocation.ToString()).Append(detail.InstanceLocation.ToString()).Append(string.Empty).Any(instance => passed.Contains($"{schema} {instance}")));
                var messages = details
                    .Where(detail => detail.Errors is { Count: > 0 } && !EnclosedByAPass(detail))
                    .SelectMany(detail => detail.Errors!.Select(error => $"{file}: {JsonPath(detail.InstanceLocation.ToString())}: {error.Value}"))
                    .Distinct()
                    .ToList();
                problems.AddRange(messages.Count > 0 ? messages : [$"{file}: $: does not match the schema."]);
                return null;
            }

            return document.RootElement.Deserialize<T>(CatalogueJson.Options);
        }
    }

    /// <summary>"/a/b/c" → "/a/b", "/a": the schema locations that enclose an evaluation path.</summary>
    private static IEnumerable<string> Enclosing(string path)
    {
        for (var end = path.LastIndexOf('/'); end > 0; end = path.LastIndexOf('/', end - 1))
        {
            yield return path[..end];
        }
    }

    /// <summary>"/fields/3/maxLength" → "$.fields[3].maxLength": the way people read JSON paths.</summary>
    private static string JsonPath(string pointer) =>
        "$" + string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(part => int.TryParse(part, out _) ? $"[{part}]" : "." + part));

    private static void CheckReferences(string file, ProcedureJson json, Dictionary<string, CommuneDefinition> communes, List<string> problems)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < json.Fields.Count; index++)
        {
            var field = json.Fields[index];
            if (!names.Add(field.Name))
            {
                problems.Add($"{file}: $.fields[{index}].name: '{field.Name}' is defined twice.");
            }

            if (field.Pattern is { } pattern && !IsRegex(pattern))
            {
                problems.Add($"{file}: $.fields[{index}].pattern: '{pattern}' is not a valid regular expression.");
            }

            if (field.Min is { } min && field.Max is { } max && min > max)
            {
                problems.Add($"{file}: $.fields[{index}]: min ({min}) is greater than max ({max}).");
            }
        }

        void Expect(string path, string? name)
        {
            if (name is not null && !names.Contains(name))
            {
                problems.Add($"{file}: {path}: no field is named '{name}'.");
            }
        }

        CheckSteps(file, json, names, Expect, problems);

        for (var index = 0; index < json.Fields.Count; index++)
        {
            Expect($"$.fields[{index}].showIf.field", json.Fields[index].ShowIf?.Field);
            Expect($"$.fields[{index}].requiredIf.field", json.Fields[index].RequiredIf?.Field);
        }

        for (var index = 0; index < json.HolderFields.Count; index++)
        {
            Expect($"$.holderFields[{index}]", json.HolderFields[index]);
        }

        Expect("$.contactEmailField", json.ContactEmailField);
        if (json.Fields.FirstOrDefault(field => field.Name == json.ContactEmailField) is { Type: not "email" })
        {
            problems.Add($"{file}: $.contactEmailField: '{json.ContactEmailField}' must be a field of type email.");
        }

        for (var index = 0; index < json.Certificate.Fields.Count; index++)
        {
            Expect($"$.certificate.fields[{index}]", json.Certificate.Fields[index]);
        }

        foreach (Match placeholder in Regex.Matches(json.Certificate.Body.Fr + json.Certificate.Body.En, @"\{(?<name>[A-Za-z0-9]+)\}"))
        {
            Expect("$.certificate.body", placeholder.Groups["name"].Value);
        }

        for (var index = 0; index < (json.Rules?.Count ?? 0); index++)
        {
            Expect($"$.rules[{index}].field", json.Rules![index].Field);
            Expect($"$.rules[{index}].schoolYearField", json.Rules[index].SchoolYearField);
        }

        // The schema says so too; checked here as well so that a catalogue loaded without its schema cannot keep data for ever.
        if (json.RetentionMonths is { } months and (< ProcedureRetention.MinimumMonths or > ProcedureRetention.MaximumMonths))
        {
            problems.Add($"{file}: $.retentionMonths: {months} is outside {ProcedureRetention.MinimumMonths}..{ProcedureRetention.MaximumMonths} months.");
        }

        // One way to state the decision deadline, and a delay that lasts: said here in words a commune's staff can act on
        // (a schema "oneOf" would only say that the file does not match).
        switch (json.Legal)
        {
            case { DecisionDeadline: not null, DecisionDeadlineDays: not null }:
                problems.Add($"{file}: $.legal: give decisionDeadline or decisionDeadlineDays, not both (decisionDeadline: {{ \"months\": 2 }} is two calendar months).");
                break;
            case { DecisionDeadline: null, DecisionDeadlineDays: null }:
                problems.Add($"{file}: $.legal.decisionDeadline: missing; for example {{ \"months\": 2 }} (CRPA L. 231-1) or {{ \"days\": 15 }}.");
                break;
            case { DecisionDeadline: { } period } when (period.Months ?? 0) + (period.Days ?? 0) <= 0:
                problems.Add($"{file}: $.legal.decisionDeadline: the delay must last at least one month or one day.");
                break;
        }

        if (!communes.TryGetValue(json.Commune, out var commune))
        {
            problems.Add($"{file}: $.commune: no commune is defined with the id '{json.Commune}'.");
        }
        else if (json.Review.Role is { } role && !commune.Roles.ContainsKey(role))
        {
            problems.Add($"{file}: $.review.role: the commune '{commune.Id}' has no role '{role}'.");
        }
        else if ((json.Review.Reviewers ?? []).Count == 0 && (json.Review.Role is not { } named || commune.Roles[named].Count == 0))
        {
            // Caught here rather than mid-workflow: an application nobody can review would wait in an incident.
            problems.Add($"{file}: $.review: no reviewer: list review.reviewers, or name a role of the commune '{commune.Id}' that has members.");
        }
    }

    /// <summary>Steps, when there are any, hold every field exactly once: none is lost between pages, none asked twice.</summary>
    private static void CheckSteps(string file, ProcedureJson json, HashSet<string> names, Action<string, string?> expect, List<string> problems)
    {
        if (json.Steps is not { Count: > 0 } steps)
        {
            return;
        }

        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < steps.Count; index++)
        {
            for (var position = 0; position < steps[index].Fields.Count; position++)
            {
                var name = steps[index].Fields[position];
                expect($"$.steps[{index}].fields[{position}]", name);
                if (!placed.TryAdd(name, steps[index].Id))
                {
                    problems.Add($"{file}: $.steps[{index}].fields[{position}]: '{name}' is already in step '{placed[name]}'.");
                }
            }
        }

        foreach (var missing in names.Where(name => !placed.ContainsKey(name)))
        {
            problems.Add($"{file}: $.steps: the field '{missing}' is in no step.");
        }

        if (steps.Select(step => step.Id).Distinct(StringComparer.Ordinal).Count() != steps.Count)
        {
            problems.Add($"{file}: $.steps: two steps have the same id.");
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static CommuneDefinition ToCommune(string folder, string file, CommuneJson json, List<string> problems)
    {
        byte[]? logo = null;
        if (json.Logo is { } logoPath)
        {
            var path = Path.GetFullPath(Path.Combine(folder, logoPath));
            var problem = File.Exists(path) ? Certificates.LogoFile.Problem(File.ReadAllBytes(path)) : "missing";
            if (problem is null)
            {
                logo = File.ReadAllBytes(path);
            }
            else
            {
                problems.Add($"{file}: $.logo: '{logoPath}' cannot be used as a logo ({problem}).");
            }
        }

        foreach (var problem in WebhookProblems(json))
        {
            problems.Add($"{file}: {problem}");
        }

        if (json.Siren is { } siren && json.Siret is { } siret && !siret.StartsWith(siren, StringComparison.Ordinal))
        {
            problems.Add($"{file}: $.siret: '{siret}' does not begin with the SIREN '{siren}'.");
        }

        if (json.Theme?.Colour is { } colour && ThemeColour.Problem(colour) is { } contrast)
        {
            problems.Add($"{file}: $.theme.colour: {contrast}");
        }

        return ToCommune(json, logo);
    }

    /// <summary>What the schema cannot say: endpoint ids unique in the commune, and a URL that is an absolute address.</summary>
    private static IEnumerable<string> WebhookProblems(CommuneJson json)
    {
        var webhooks = json.Webhooks ?? [];
        for (var index = 0; index < webhooks.Count; index++)
        {
            if (webhooks.Take(index).Any(earlier => earlier.Id == webhooks[index].Id))
            {
                yield return $"$.webhooks[{index}].id: the endpoint id '{webhooks[index].Id}' is used twice in this commune.";
            }

            if (!Uri.TryCreate(webhooks[index].Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.UserInfo))
            {
                yield return $"$.webhooks[{index}].url: '{webhooks[index].Url}' is not an absolute http(s) address without credentials.";
            }
        }
    }

    private static CommuneDefinition ToCommune(CommuneJson json, byte[]? logo)
    {
        return new CommuneDefinition(
            json.Id,
            json.Name,
            json.Address,
            json.City,
            json.PostalCodes,
            json.ContactEmail,
            json.Sender.Address,
            json.Sender.Name,
            json.AllowedOrigins,
            json.Roles.ToDictionary(role => role.Key, role => (IReadOnlyList<string>)role.Value, StringComparer.Ordinal))
        {
            Logo = logo,
            Phone = json.Phone,
            Department = json.Department,
            Colour = json.Theme?.Colour?.ToLowerInvariant() ?? ThemeColour.Default,
            AdministratorAddress = json.AdministratorEmail,
            Limits = AbuseLimits.From(json.AbuseLimits?.SubmissionsPerAddressPerHour, json.AbuseLimits?.SubmissionsPerRecipientPerDay),
            // An invalid URL was reported by WebhookProblems (the load fails); it is only left out here.
            Webhooks = [.. (json.Webhooks ?? [])
                .Where(webhook => Uri.TryCreate(webhook.Url, UriKind.Absolute, out _))
                .Select(webhook => new Webhooks.WebhookEndpoint(
                    webhook.Id,
                    new Uri(webhook.Url),
                    [.. webhook.Events.Select(Webhooks.WebhookEventKinds.FromCatalogue)],
                    webhook.Secrets))],
            Siren = json.Siren,
            Siret = json.Siret,
            IdentifiersAreExamples = json.IdentifiersAreExamples ?? false,
            SecrecyThreshold = json.StatisticalSecrecyThreshold ?? CommuneDefinition.DefaultSecrecyThreshold,
        };
    }

    private static ProcedureDefinition ToProcedure(ProcedureJson json) =>
        new(
            json.Id,
            json.ReferencePrefix,
            Text(json.Title),
            Text(json.Description),
            [.. json.Fields.Select(ToField)],
            new CertificateTemplate(Text(json.Certificate.Title), Text(json.Certificate.Body))
            {
                Fields = json.Certificate.Fields,
                SignatoryName = json.Certificate.SignatoryName,
                SignatoryTitle = json.Certificate.SignatoryTitle,
            })
        {
            Version = json.Version,
            CommuneId = json.Commune,
            Category = json.Category,
            Rules = new DeclarativeRules([.. (json.Rules ?? []).Select(rule => new RuleSpec(rule.Type, rule.Field, rule.SchoolYearField, rule.Min, rule.Max))]),
            Review = new ReviewRules(
                json.Review.Reviewers ?? [],
                json.Review.Role,
                json.Review.Deputy,
                json.Review.Escalation,
                json.Review.ReminderAfterDays ?? 2,
                json.Review.MaxReminders ?? 3,
                json.Review.EscalateAfterDays,
                json.Review.CorrectionDelayDays ?? 30),
            Legal = new LegalRules(DecisionPeriod(json.Legal), Enum.Parse<SilenceMeans>(json.Legal.SilenceMeans, ignoreCase: true), Text(json.Legal.ReceiptMentions))
            {
                CorrectionEffect = json.Legal.CorrectionEffect is { } effect ? Enum.Parse<CorrectionEffect>(effect, ignoreCase: true) : CorrectionEffect.Suspends,
            },
            RetentionMonths = json.RetentionMonths ?? ProcedureRetention.DefaultMonths,
            Steps = [.. (json.Steps ?? []).Select(step => new ProcedureStep(step.Id, Text(step.Title), [.. json.Fields.Select(field => field.Name).Where(step.Fields.Contains)]))],
            DraftLifetimeDays = json.Drafts?.LifetimeDays ?? 30,
            RestrictedAccess = json.RestrictedAccess ?? false,
            HolderFields = json.HolderFields,
            ContactEmailField = json.ContactEmailField,
        };

    /// <summary>The schema lets exactly one of the two fields through; a snapshot older than months has the days.</summary>
    private static LegalPeriod DecisionPeriod(LegalJson legal) =>
        legal.DecisionDeadline is { } period
            ? new LegalPeriod(period.Months ?? 0, period.Days ?? 0)
            : LegalPeriod.OfDays(legal.DecisionDeadlineDays ?? throw new CatalogueException(["legal: no decisionDeadline"]));

    private static FieldDefinition ToField(FieldJson json) =>
        new(json.Name, Enum.Parse<FieldKind>(json.Type, ignoreCase: true), Text(json.Label))
        {
            Required = json.Required ?? true,
            MinLength = json.MinLength ?? 0,
            MaxLength = json.MaxLength ?? DefaultMaxLength(json.Type),
            Pattern = json.Pattern,
            PatternMessage = json.PatternMessage is null ? null : Text(json.PatternMessage),
            Min = json.Min,
            Max = json.Max,
            Help = json.Help is null ? null : Text(json.Help),
            Choices = [.. (json.Choices ?? []).Select(choice => new Choice(choice.Value, Text(choice.Label)))],
            ChoicesFrom = json.ChoicesFrom,
            Display = json.Display is null ? ChoiceDisplay.Select : Enum.Parse<ChoiceDisplay>(json.Display, ignoreCase: true),
            ShowIf = json.ShowIf is null ? null : new FieldCondition(json.ShowIf.Field, json.ShowIf.In),
            RequiredIf = json.RequiredIf is null ? null : new FieldCondition(json.RequiredIf.Field, json.RequiredIf.In),
            IsSummary = json.Summary ?? true,
            OnCertificate = json.OnCertificate ?? true,
            Autocomplete = json.Autocomplete,
            Files = json.Files is null ? null : new FileRules(json.Files.MaxCount, (long)(json.Files.MaxSizeMb * 1024 * 1024), [.. json.Files.Types.Select(FileTypeOf)]),
        };

    private static int DefaultMaxLength(string type) => type switch
    {
        "longText" => 2000,
        "email" => 254,
        "phone" => 20,
        _ => 200,
    };

    private static FileType FileTypeOf(string name) => name switch
    {
        "pdf" => FileType.Pdf,
        "jpeg" => FileType.Jpeg,
        _ => FileType.Png,
    };

    private static Text Text(TextJson json) => new(json.Fr, json.En);

    private static JsonSchema Schema(string name)
    {
        using var stream = typeof(CatalogueLoader).Assembly.GetManifestResourceStream($"Schemas.{name}")
            ?? throw new InvalidOperationException($"The schema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }
}
