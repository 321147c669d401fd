using Serverless.Core.Procedures;

namespace Serverless.Core.Submission;

/// <summary>Prefilled values (a query string, a draft started by a commune's site) as the validator reads a post.</summary>
public static class PrefillSubmission
{
    public static RawSubmission Of(ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(values);
        var single = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (procedure.Field(name) is { AllowsSeveralValues: true })
            {
                repeated[name] = value.Split(',', StringSplitOptions.RemoveEmptyEntries);
            }
            else
            {
                single[name] = value;
            }
        }

        return new RawSubmission(single, []) { Repeated = repeated };
    }
}
