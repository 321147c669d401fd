using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>
/// The steps of a procedure as the draft pages use them (a procedure without steps is one step of every field), and
/// the draft's values put back into the shape the validator reads, so a step is checked by the same rules and
/// messages as a whole submission.
/// </summary>
public static class DraftForm
{
    /// <summary>The posted field that says what to do with a step (next, save, send-link, submit; a script's own actions).</summary>
    public const string ActionField = "action";

    /// <summary>The posted field that says which step (1-based) the answers are of, or the review.</summary>
    public const string StepField = "step";

    public static IReadOnlyList<ProcedureStep> Steps(ProcedureDefinition procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedure.Steps.Count > 0 ? procedure.Steps : [new ProcedureStep("all", procedure.Title, [.. procedure.Fields.Select(field => field.Name)])];
    }

    /// <summary>"Étape 2 sur 3 : Le responsable légal".</summary>
    public static string StepLabel(ProcedureDefinition procedure, int index, Language language)
    {
        var steps = Steps(procedure);
        return new Text("Étape {0} sur {1} : {2}", "Step {0} of {1}: {2}").Format(language, index + 1, steps.Count, steps[index].Title.In(language));
    }

    /// <summary>Stored values plus stored files (read back from the draft's container) as one raw submission.</summary>
    public static async Task<RawSubmission> ToSubmissionAsync(ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values, IEnumerable<StoredAttachment> attachments, DraftStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var raw = PrefillSubmission.Of(procedure, values);
        var files = new List<UploadedFile>();
        foreach (var attachment in attachments)
        {
            files.Add(new UploadedFile(attachment.FieldName, attachment.OriginalName, await store.ReadFileAsync(attachment.BlobName, cancellationToken) ?? []));
        }

        return raw with { Files = files };
    }

    /// <summary>The answers posted, without the form's technical fields; a field given several times joined by commas.</summary>
    public static Dictionary<string, string> Values(RawSubmission sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var values = new Dictionary<string, string>(sent.Fields, StringComparer.Ordinal);
        foreach (var (name, several) in sent.Repeated)
        {
            values[name] = string.Join(',', several);
        }

        foreach (var technical in new[] { ActionField, StepField, "lang", Submission.FormGuard.IssuedField, Submission.FormGuard.HoneypotField })
        {
            values.Remove(technical);
        }

        return values;
    }
}
