namespace Serverless.Platform.Configuration;

/// <summary>What a secret key setting must be: base64, at least 32 bytes, and not one of the sample's published keys.</summary>
public static class KeyRules
{
    public static string? Problem(string setting, string? value, bool development)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{setting} is not set: give it a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).";
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return $"{setting} is not valid base64.";
        }

        if (bytes.Length < 32)
        {
            return $"{setting} is {bytes.Length} bytes long; it must be at least 32 bytes.";
        }

        return !development && SampleKeys.All.Contains(value)
            ? $"{setting} is the published key of local.settings.sample.json: outside Development, generate a key of your own (`openssl rand -base64 32`)."
            : null;
    }
}

/// <summary>
/// A family of keys with ids (<c>{Section}__{Active}</c> naming one of <c>{Section}__{List}__&lt;id&gt;</c>), with the
/// single setting of deployments made before key ids as a fallback (<c>{Section}__{Single}</c>, key id k1).
/// </summary>
public static class KeyIdRules
{
    /// <summary>The id the single, older setting stands for (decision 0010: k1 keeps the secret that existed).</summary>
    public const string LegacyKeyId = "k1";

    /// <summary>
    /// The listed keys, or none when every listed value is empty: a settings file may carry the names with empty
    /// values (the sample does), which means "not set", as for the single setting. One empty value among real ones is
    /// kept, so that validation names it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Listed(IReadOnlyDictionary<string, string> keys) =>
        keys.Values.All(string.IsNullOrWhiteSpace) ? new Dictionary<string, string>() : keys;

    public static List<string> Problems(string section, string active, string list, string singleSetting, string activeKeyId, IReadOnlyDictionary<string, string> listed, string singleKey, string role, bool development)
    {
        var problems = new List<string>();
        var keys = Listed(listed);
        if (keys.Count == 0)
        {
            // Before key ids: the single setting is key id k1, and an active id, if given, can only be that one.
            if (KeyRules.Problem($"{section}__{singleSetting}", singleKey, development) is { } problem)
            {
                problems.Add(string.IsNullOrWhiteSpace(singleKey)
                    ? $"{section}__{list}__<id> is not set: give {section}__{list}__{LegacyKeyId} a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`) and set {section}__{active} to {LegacyKeyId} (or set the older single setting {section}__{singleSetting})."
                    : problem);
            }

            if (!string.IsNullOrEmpty(activeKeyId) && activeKeyId != LegacyKeyId)
            {
                problems.Add($"{section}__{active} is '{activeKeyId}' but no {section}__{list}__{activeKeyId} is set: add that key, or set {section}__{active} to {LegacyKeyId} (the id of {section}__{singleSetting}).");
            }

            return problems;
        }

        if (string.IsNullOrWhiteSpace(activeKeyId))
        {
            problems.Add($"{section}__{active} is not set: name the key of {section}__{list}__<id> that {role} (one of {string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))}).");
        }
        else if (!keys.ContainsKey(activeKeyId))
        {
            problems.Add($"{section}__{active} is '{activeKeyId}' but there is no {section}__{list}__{activeKeyId}: add that key, or name one of {string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))}.");
        }

        problems.AddRange(keys.OrderBy(key => key.Key, StringComparer.Ordinal).Select(key => KeyRules.Problem($"{section}__{list}__{key.Key}", key.Value, development)).OfType<string>());

        // With key ids the single setting is not read: a value that is none of the listed keys would be dropped
        // silently, and everything made with it would stop verifying.
        if (!string.IsNullOrWhiteSpace(singleKey) && !keys.Values.Contains(singleKey, StringComparer.Ordinal))
        {
            problems.Add($"{section}__{singleSetting} is set but is none of {section}__{list}__<id>, and it is not read when key ids are: list it as {section}__{list}__{LegacyKeyId} (its id from before key ids), or remove {section}__{singleSetting}.");
        }

        return problems;
    }
}
