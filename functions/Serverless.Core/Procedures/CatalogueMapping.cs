using Serverless.Core.Deadlines;
using Serverless.Platform.Localization;

namespace Serverless.Core.Procedures;

/// <summary>The catalogue's JSON shapes turned into the definitions the product uses (the same for a folder and a published snapshot).</summary>
internal static class CatalogueMapping
{
    internal static CommuneDefinition ToCommune(CommuneJson json, byte[]? logo)
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
                .Select(webhook => new Procedures.WebhookEndpoint(
                    webhook.Id,
                    new Uri(webhook.Url),
                    [.. webhook.Events.Select(Procedures.WebhookEventKinds.FromCatalogue)],
                    webhook.Secrets))],
            Siren = json.Siren,
            Siret = json.Siret,
            IdentifiersAreExamples = json.IdentifiersAreExamples ?? false,
            SecrecyThreshold = json.StatisticalSecrecyThreshold ?? CommuneDefinition.DefaultSecrecyThreshold,
            Signatories = [.. (json.Signatories ?? []).Select(signatory => new SignatoryDefinition(signatory.Id, signatory.Name, signatory.Title, signatory.Email))],
            Delegations = [.. (json.Delegations ?? []).Select(delegation => new DelegationDefinition(delegation.Holder, delegation.For, delegation.Procedures, delegation.From, delegation.Until, delegation.Act))],
            Regies = [.. (json.Regies ?? []).Select(regie => new RegieDefinition(regie.Id, regie.Name, regie.Numcli) { Role = regie.Role, PayFipMode = regie.Mode })],
        };
    }

    internal static ProcedureDefinition ToProcedure(ProcedureJson json) =>
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
            SignatureCircuit = json.SignatureCircuit is { } circuit ? ToCircuit(circuit) : null,
            Payment = json.Payment is { } payment ? ToPayment(payment) : null,
            FamilyQuotient = json.FamilyQuotient is { } quotient ? new FamilyQuotientPrefill(quotient.Field, quotient.Proof) : null,
            CitizenSignIn = json.CitizenSignIn is { } signIn ? Enum.Parse<CitizenSignIn>(signIn, ignoreCase: true) : Procedures.CitizenSignIn.None,
            HolderFields = json.HolderFields,
            ContactEmailField = json.ContactEmailField,
        };

    /// <summary>The schema lets exactly one of the two fields through; a snapshot older than months has the days.</summary>
    private static LegalPeriod DecisionPeriod(LegalJson legal) =>
        legal.DecisionDeadline is { } period
            ? new LegalPeriod(period.Months ?? 0, period.Days ?? 0)
            : LegalPeriod.OfDays(legal.DecisionDeadlineDays ?? throw new CatalogueException(["legal: no decisionDeadline"]));

    private static PaymentDefinition ToPayment(PaymentJson json) =>
        new(json.Regie, json.When == "afterApproval" ? PaymentMoment.AfterApproval : PaymentMoment.BeforeReview, Text(json.Object), ToPrice(json.Price), json.DeadlineDays ?? 15, Text(json.Mentions));

    /// <summary>The schema lets exactly one kind of price through (fixed, byChoice with its field, byQuotient with its field).</summary>
    private static PriceRule ToPrice(PriceJson json) => json switch
    {
        { Fixed: { } cents } => new FixedPrice(cents),
        { ByChoice: { } amounts, Field: { } field } => new PriceByChoice(field, amounts),
        { ByQuotient: { } brackets, Field: { } field } => new PriceByQuotient(field, [.. brackets.Select(bracket => new QuotientBracket(bracket.UpTo, bracket.Amount))]),
        _ => throw new CatalogueException(["payment.price: give fixed, or field with byChoice or byQuotient"]),
    };

    private static SignatureCircuitDefinition ToCircuit(SignatureCircuitJson json) =>
        new(Text(json.Decision.Title), Text(json.Decision.Body), [.. (json.Visas ?? []).Select(visa => new VisaStep(Text(visa.Label), visa.By))], json.Signature.By)
        {
            When = json.When is null ? null : new FieldCondition(json.When.Field, json.When.In),
            ReminderAfterDays = json.ReminderAfterDays ?? 2,
            MaxReminders = json.MaxReminders ?? 3,
            EscalateAfterDays = json.EscalateAfterDays ?? 5,
        };

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
            IdentityClaim = json.IdentityClaim,
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

    internal static Text Text(TextJson json) => new(json.Fr, json.En);
}
