using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Serverless.Core.Tests.OpenData;

/// <summary>
/// A small validator of a CSV against a frictionless Table Schema, for CI (the Python `frictionless` validator cannot
/// be installed here, and the npm `tableschema` package pulls in dependencies with known high-severity advisories).
/// It checks what our schema uses: the header against the fields (names and order), missingValues, and for each cell
/// its type (string, integer, number, date, yearmonth), the constraints required, minimum, maximum, pattern (whole
/// value), minLength, maxLength and enum, and the primary key's uniqueness. Any other type or constraint in the
/// schema is reported as unsupported rather than silently passed.
/// </summary>
public static class TableSchemaValidator
{
    private static readonly string[] SupportedConstraints = ["required", "minimum", "maximum", "pattern", "minLength", "maxLength", "enum"];

    public static IReadOnlyList<string> Validate(string schemaJson, string csv)
    {
        using var schema = JsonDocument.Parse(schemaJson);
        var root = schema.RootElement;
        var errors = new List<string>();
        var fields = root.GetProperty("fields").EnumerateArray().ToList();
        var missing = root.TryGetProperty("missingValues", out var mv) ? mv.EnumerateArray().Select(value => value.GetString()!).ToHashSet() : [""];
        var rows = Csv.Parse(csv);
        if (rows.Count == 0)
        {
            return ["the file is empty (no header row)"];
        }

        var header = rows[0];
        var names = fields.Select(field => field.GetProperty("name").GetString()!).ToList();
        if (!header.SequenceEqual(names))
        {
            errors.Add($"header [{string.Join(",", header)}] does not match the schema's fields [{string.Join(",", names)}]");
            return errors;
        }

        var keys = root.TryGetProperty("primaryKey", out var pk) ? pk.EnumerateArray().Select(key => names.IndexOf(key.GetString()!)).ToList() : [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var line = 1; line < rows.Count; line++)
        {
            var row = rows[line];
            if (row.Count != fields.Count)
            {
                errors.Add($"row {line + 1}: {row.Count} cells, {fields.Count} expected");
                continue;
            }

            for (var index = 0; index < fields.Count; index++)
            {
                errors.AddRange(Cell(fields[index], row[index], missing).Select(error => $"row {line + 1}, {names[index]}: {error}"));
            }

            if (keys.Count > 0 && !seen.Add(string.Join('\u001f', keys.Select(key => row[key]))))
            {
                errors.Add($"row {line + 1}: primary key ({string.Join(", ", keys.Select(key => row[key]))}) repeated");
            }
        }

        return errors;
    }

    private static IEnumerable<string> Cell(JsonElement field, string value, HashSet<string> missing)
    {
        var type = field.TryGetProperty("type", out var t) ? t.GetString()! : "string";
        var constraints = field.TryGetProperty("constraints", out var c) ? c : default;
        var has = (string name) => constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out _);
        if (constraints.ValueKind == JsonValueKind.Object)
        {
            foreach (var unsupported in constraints.EnumerateObject().Select(property => property.Name).Where(name => !SupportedConstraints.Contains(name)))
            {
                yield return $"constraint '{unsupported}' is not supported by this validator";
            }
        }

        if (missing.Contains(value))
        {
            if (has("required") && constraints.GetProperty("required").GetBoolean())
            {
                yield return "required but missing";
            }

            yield break;
        }

        double? number = null;
        switch (type)
        {
            case "string":
                break;
            case "integer":
                if (!Regex.IsMatch(value, "^[-+]?[0-9]+$") || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    yield return $"'{value}' is not an integer";
                    yield break;
                }

                number = integer;
                break;
            case "number":
                if (!Regex.IsMatch(value, "^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$") || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
                {
                    yield return $"'{value}' is not a number";
                    yield break;
                }

                number = real;
                break;
            case "date":
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    yield return $"'{value}' is not an ISO 8601 date (YYYY-MM-DD)";
                    yield break;
                }

                break;
            case "yearmonth":
                if (!DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    yield return $"'{value}' is not a year-month (YYYY-MM)";
                    yield break;
                }

                break;
            default:
                yield return $"type '{type}' is not supported by this validator";
                yield break;
        }

        if (has("minimum") && number < constraints.GetProperty("minimum").GetDouble())
        {
            yield return $"{value} is below the minimum {constraints.GetProperty("minimum")}";
        }

        if (has("maximum") && number > constraints.GetProperty("maximum").GetDouble())
        {
            yield return $"{value} is above the maximum {constraints.GetProperty("maximum")}";
        }

        if (has("pattern") && !Regex.IsMatch(value, "^(?:" + constraints.GetProperty("pattern").GetString() + ")$"))
        {
            yield return $"'{value}' does not match the pattern";
        }

        if (has("minLength") && value.Length < constraints.GetProperty("minLength").GetInt32())
        {
            yield return "shorter than minLength";
        }

        if (has("maxLength") && value.Length > constraints.GetProperty("maxLength").GetInt32())
        {
            yield return "longer than maxLength";
        }

        if (has("enum") && !constraints.GetProperty("enum").EnumerateArray().Any(allowed => allowed.ToString() == value))
        {
            yield return $"'{value}' is not one of the allowed values";
        }
    }
}

/// <summary>An RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF line ends).</summary>
public static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
