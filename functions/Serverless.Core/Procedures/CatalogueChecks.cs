using System.Text.RegularExpressions;

namespace Serverless.Core.Procedures;

/// <summary>What the JSON Schemas cannot say about a catalogue: cross-references between fields, rules, steps and the commune; a commune's logo, webhooks, SIRET and theme.</summary>
internal static class CatalogueChecks
{
    internal static void CheckReferences(string file, ProcedureJson json, Dictionary<string, CommuneDefinition> communes, List<string> problems)
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

            if (field.IdentityClaim is { } claim)
            {
                CheckIdentityClaim($"{file}: $.fields[{index}].identityClaim", field, claim, json.CitizenSignIn, problems);
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

        if (json.SignatureCircuit is { } circuit)
        {
            CheckCircuit(file, circuit, commune, expect: Expect, problems);
        }

        if (json.FamilyQuotient is { } quotient)
        {
            if (json.Fields.FirstOrDefault(field => field.Name == quotient.Field) is not { Type: "number" })
            {
                problems.Add($"{file}: $.familyQuotient.field: '{quotient.Field}' must be a number field of the procedure.");
            }

            if (json.Fields.FirstOrDefault(field => field.Name == quotient.Proof) is not { Type: "file", Required: false })
            {
                problems.Add($"{file}: $.familyQuotient.proof: '{quotient.Proof}' must be a file field with required: false (asked only when the quotient is typed).");
            }
        }

        if (json.Payment is { } payment)
        {
            CheckPayment(file, json, payment, commune, Expect, problems);
        }
    }

    /// <summary>
    /// A price names a régie of the commune and fields of the procedure, and prices every case: every value of a
    /// choice, every quotient (brackets rising, the last one open). Caught at load, never when a citizen is about to pay.
    /// </summary>
    private static void CheckPayment(string file, ProcedureJson json, PaymentJson payment, CommuneDefinition? commune, Action<string, string?> expect, List<string> problems)
    {
        // Paid before review, the payment's wait counts in the decision deadline (it runs from the receipt): it must
        // leave the agents time. A month is counted as its shortest, 28 days.
        var decisionDays = json.Legal.DecisionDeadline is { } period ? ((period.Months ?? 0) * 28) + (period.Days ?? 0) : json.Legal.DecisionDeadlineDays ?? 0;
        if (payment.When == "beforeReview" && (payment.DeadlineDays ?? 15) >= decisionDays)
        {
            problems.Add($"{file}: $.payment.deadlineDays: paid before review, the payment's {payment.DeadlineDays ?? 15} days must be fewer than the decision deadline's {decisionDays} (the deadline runs from the receipt).");
        }

        if (commune is not null && commune.Regie(payment.Regie) is null)
        {
            problems.Add($"{file}: $.payment.regie: the commune '{commune.Id}' has no régie '{payment.Regie}' (add it to its regies with its PayFiP numcli).");
        }
        else if (commune is not null && json.RestrictedAccess == true && commune.Regie(payment.Regie) is { Role: null })
        {
            // The administrator does not keep the books of a régie that collects for a restricted procedure.
            problems.Add($"{file}: $.payment.regie: '{payment.Regie}' collects for a restrictedAccess procedure: give it a role, whose agents alone see its payments.");
        }

        foreach (Match placeholder in Regex.Matches(payment.Object.Fr + payment.Object.En, @"\{(?<name>[A-Za-z0-9]+)\}"))
        {
            var name = placeholder.Groups["name"].Value;
            expect("$.payment.object", name);

            // The object goes to PayFiP and stays in the régie's records after the application is erased: nothing about the person.
            if (json.HolderFields.Contains(name) || name == json.ContactEmailField || json.Fields.Any(field => field.Name == name && (field.IdentityClaim is not null || field.Type is "email" or "phone" or "text" or "longText")))
            {
                problems.Add($"{file}: $.payment.object: '{{{name}}}' would put the person's data in PayFiP's and the régie's records; use choices, dates or numbers only.");
            }
        }

        expect("$.payment.price.field", payment.Price.Field);
        var field = json.Fields.FirstOrDefault(candidate => candidate.Name == payment.Price.Field);
        if (payment.Price.ByChoice is { } amounts && field is not null)
        {
            var values = (field.Choices ?? []).Select(choice => choice.Value).ToList();
            if (field.Type != "choice" || field.ChoicesFrom is not null)
            {
                problems.Add($"{file}: $.payment.price.field: a price by choice needs a choice field with its choices listed; '{field.Name}' is not one.");
            }
            else if (values.Except(amounts.Keys).ToList() is { Count: > 0 } unpriced)
            {
                problems.Add($"{file}: $.payment.price.byChoice: no amount for {string.Join(", ", unpriced)} of '{field.Name}'.");
            }
            else if (amounts.Keys.Except(values).ToList() is { Count: > 0 } unknown)
            {
                problems.Add($"{file}: $.payment.price.byChoice: '{field.Name}' has no choice {string.Join(", ", unknown)}.");
            }
        }

        if (payment.Price.ByQuotient is { } brackets)
        {
            if (field is not null && field.Type != "number")
            {
                problems.Add($"{file}: $.payment.price.field: a price by quotient needs a number field; '{field.Name}' is a {field.Type}.");
            }

            if (brackets.Count > 0 && brackets[^1].UpTo is not null)
            {
                problems.Add($"{file}: $.payment.price.byQuotient: the last bracket has no upTo (it takes every higher quotient and an empty one).");
            }

            for (var index = 0; index < brackets.Count - 1; index++)
            {
                if (brackets[index].UpTo is not { } upTo || (index > 0 && brackets[index - 1].UpTo is { } before && upTo <= before))
                {
                    problems.Add($"{file}: $.payment.price.byQuotient[{index}].upTo: brackets rise: each upTo above the previous one, only the last one open.");
                }
            }
        }
    }

    /// <summary>A circuit names fields of the procedure and signatories of its commune; caught at load, not mid-circuit.</summary>
    private static void CheckCircuit(string file, SignatureCircuitJson circuit, CommuneDefinition? commune, Action<string, string?> expect, List<string> problems)
    {
        expect("$.signatureCircuit.when.field", circuit.When?.Field);
        foreach (Match placeholder in Regex.Matches(circuit.Decision.Body.Fr + circuit.Decision.Body.En + circuit.Decision.Title.Fr + circuit.Decision.Title.En, @"\{(?<name>[A-Za-z0-9]+)\}"))
        {
            expect("$.signatureCircuit.decision", placeholder.Groups["name"].Value);
        }

        if (commune is null)
        {
            return;
        }

        void Signatory(string path, string id)
        {
            if (commune.Signatory(id) is null)
            {
                problems.Add($"{file}: {path}: the commune '{commune.Id}' has no signatory '{id}' (its signatories list).");
            }
        }

        var visas = circuit.Visas ?? [];
        for (var step = 0; step < visas.Count; step++)
        {
            for (var index = 0; index < visas[step].By.Count; index++)
            {
                Signatory($"$.signatureCircuit.visas[{step}].by[{index}]", visas[step].By[index]);
            }
        }

        Signatory("$.signatureCircuit.signature.by", circuit.Signature.By);
    }

    /// <summary>Régie ids unique; a régie's role is one of the commune's roles (its agents see the régie's payments).</summary>
    private static IEnumerable<string> RegieProblems(CommuneJson json)
    {
        var regies = json.Regies ?? [];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < regies.Count; index++)
        {
            if (!ids.Add(regies[index].Id))
            {
                yield return $"$.regies[{index}].id: '{regies[index].Id}' is used twice in this commune.";
            }

            if (regies[index].Role is { } role && !(json.Roles?.ContainsKey(role) ?? false))
            {
                yield return $"$.regies[{index}].role: the commune has no role '{role}' (add it to its roles with its agents' addresses).";
            }
        }
    }

    /// <summary>Signatory ids unique; a delegation names two signatories of the commune and ends after it starts.</summary>
    private static IEnumerable<string> SignatoryProblems(CommuneJson json)
    {
        var signatories = json.Signatories ?? [];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < signatories.Count; index++)
        {
            if (!ids.Add(signatories[index].Id))
            {
                yield return $"$.signatories[{index}].id: '{signatories[index].Id}' is used twice in this commune.";
            }
        }

        var delegations = json.Delegations ?? [];
        for (var index = 0; index < delegations.Count; index++)
        {
            var delegation = delegations[index];
            foreach (var (name, id) in new[] { ("holder", delegation.Holder), ("for", delegation.For) }.Where(pair => !ids.Contains(pair.Item2)))
            {
                yield return $"$.delegations[{index}].{name}: no signatory of this commune has the id '{id}'.";
            }

            if (delegation.Holder == delegation.For)
            {
                yield return $"$.delegations[{index}]: a signatory cannot hold a delegation of their own signature.";
            }

            if (delegation.Until < delegation.From)
            {
                yield return $"$.delegations[{index}]: until ({delegation.Until:yyyy-MM-dd}) is before from ({delegation.From:yyyy-MM-dd}).";
            }
        }
    }

    /// <summary>A field that takes a pivot-identity claim: a claim FranceConnect gives, of a type that can hold it, on a procedure that offers sign-in.</summary>
    private static void CheckIdentityClaim(string path, FieldJson field, string claim, string? signIn, List<string> problems)
    {
        if (signIn is null or "none")
        {
            problems.Add($"{path}: the procedure's citizenSignIn is none, so no field can come from FranceConnect; set citizenSignIn to offered or required.");
        }

        var expectedType = claim switch
        {
            "birthdate" => "date",
            "email" => "email",
            "gender" or "given_name" or "family_name" or "full_name" or "preferred_username" or "birthplace" or "birthcountry" => "text",
            _ => null,
        };
        if (expectedType is null)
        {
            problems.Add($"{path}: '{claim}' is not a claim of FranceConnect's pivot identity (given_name, family_name, full_name, birthdate, gender, birthplace, birthcountry, email, preferred_username).");
        }
        else if (field.Type != expectedType)
        {
            problems.Add($"{path}: the claim '{claim}' goes in a field of type {expectedType}, not {field.Type}.");
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

    internal static CommuneDefinition ToCommune(string folder, string file, CommuneJson json, List<string> problems)
    {
        byte[]? logo = null;
        if (json.Logo is { } logoPath)
        {
            var path = Path.GetFullPath(Path.Combine(folder, logoPath));
            var problem = File.Exists(path) ? Pdf.LogoFile.Problem(File.ReadAllBytes(path)) : "missing";
            if (problem is null)
            {
                logo = File.ReadAllBytes(path);
            }
            else
            {
                problems.Add($"{file}: $.logo: '{logoPath}' cannot be used as a logo ({problem}).");
            }
        }

        foreach (var problem in WebhookProblems(json).Concat(SignatoryProblems(json)).Concat(RegieProblems(json)))
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

        return CatalogueMapping.ToCommune(json, logo);
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
}
