using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Http;

namespace Serverless.Core.Drafts;

/// <summary>
/// A draft keeps values as typed (problems are shown when it opens again), but never longer than their fields take:
/// every value of a draft is one table property, and one too long would make the save fail instead of answering 400.
/// </summary>
public static class DraftValueLimits
{
    /// <summary>One error per value longer than its field's limit (unknown fields are checked elsewhere).</summary>
    public static IReadOnlyList<FieldError> Check(ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(values);
        var fields = procedure.Fields.ToDictionary(field => field.Name, StringComparer.Ordinal);
        return
        [
            .. values
                .Where(pair => fields.TryGetValue(pair.Key, out var field) && pair.Value.Length > field.MaxLength)
                .Select(pair => new FieldError(pair.Key, FieldMessages.Of(fields[pair.Key], ValidationMessages.TooLong, fields[pair.Key].MaxLength))),
        ];
    }
}
