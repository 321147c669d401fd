using System.Security.Cryptography;
using System.Text.Json;
using Serverless.Core.Certificates;

namespace Serverless.LocalHost;

/// <summary>
/// What the local host assumes for the settings nobody gave it, so that <c>dotnet run --project
/// functions/Serverless.LocalHost</c> works on a fresh clone: Azurite's well-known development storage, an SMTP sink on
/// localhost:1025, the public address http://localhost:7071, and review and access keys generated once for this
/// machine (kept outside the repository, like the development signing certificate). It says what it assumed in one line.
/// </summary>
public static class EmbeddedDefaults
{
    public const string KeysFileName = "local-keys.json";

    /// <summary>Fills the missing settings; returns the one line that says what was assumed, or null when nothing was.</summary>
    public static string? Apply(IConfigurationManager configuration, string? keysFolder = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var assumed = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var said = new List<string>();
        if (string.IsNullOrEmpty(configuration["AzureWebJobsStorage"]) && !configuration.GetSection("AzureWebJobsStorage").GetChildren().Any())
        {
            assumed["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
            said.Add("Azurite development storage (127.0.0.1:10000-10002)");
        }

        if (string.IsNullOrEmpty(configuration["Smtp:Host"]))
        {
            assumed["Smtp:Host"] = "localhost";
            assumed["Smtp:Port"] = configuration["Smtp:Port"] ?? "1025";
            said.Add($"SMTP localhost:{assumed["Smtp:Port"]}");
        }

        if (string.IsNullOrEmpty(configuration["PublicBaseUrl"]))
        {
            assumed["PublicBaseUrl"] = LocalHostApp.DefaultUrl;
            said.Add($"public address {LocalHostApp.DefaultUrl}");
        }

        var needsReviewKey = string.IsNullOrEmpty(configuration["ReviewTokens:ActiveKeyId"]);
        var needsAccessKey = string.IsNullOrEmpty(configuration["CitizenAccess:Key"])
            && string.IsNullOrEmpty(configuration["CitizenAccess:ActiveKeyId"])
            && configuration.GetSection("CitizenAccess:Keys").GetChildren().All(key => string.IsNullOrEmpty(key.Value));
        if (needsReviewKey || needsAccessKey)
        {
            var path = Path.Combine(keysFolder ?? DefaultKeysFolder(), KeysFileName);
            var keys = MachineKeys(path);
            if (needsReviewKey)
            {
                assumed["ReviewTokens:ActiveKeyId"] = "machine";
                assumed["ReviewTokens:Keys:machine"] = keys.ReviewKey;
            }

            if (needsAccessKey)
            {
                // Key id k1: the id that applications stored before key ids derive from (the machine key was then
                // CitizenAccess:Key), so they keep opening with their codes.
                assumed["CitizenAccess:ActiveKeyId"] = "k1";
                assumed["CitizenAccess:Keys:k1"] = keys.AccessKey;
            }

            said.Add($"keys generated for this machine ({path})");
        }

        if (assumed.Count == 0)
        {
            return null;
        }

        // Lowest precedence: a setting given any other way still wins.
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = assumed });
        return "Réglages absents, valeurs supposées / Settings missing, assumed: " + string.Join(", ", said) + ".";
    }

    private static string DefaultKeysFolder()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(string.IsNullOrEmpty(data) ? Path.GetTempPath() : data, SigningCertificates.LocalFolderName);
    }

    /// <summary>The machine's keys, created on first use (readable by its owner only) and reused after.</summary>
    private static (string ReviewKey, string AccessKey) MachineKeys(string path)
    {
        if (File.Exists(path))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return (document.RootElement.GetProperty("reviewKey").GetString()!, document.RootElement.GetProperty("accessKey").GetString()!);
        }

        var keys = (Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["reviewKey"] = keys.Item1, ["accessKey"] = keys.Item2 });
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(json);
        }

        return keys;
    }
}
