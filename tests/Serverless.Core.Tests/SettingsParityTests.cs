using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Tests;

/// <summary>
/// Every setting the code reads is in <c>local.settings.sample.json</c> and in the Bicep app settings, and the sample
/// holds nothing the code ignores. Settings come from options classes (a <c>Section</c> constant plus properties)
/// and from direct reads in the source (<c>configuration["…"]</c>, <c>GetValue("…")</c>).
/// </summary>
public sealed partial class SettingsParityTests
{
    /// <summary>Read only by the local host, for local tuning; never deployed.</summary>
    private static readonly string[] LocalHostOnly = ["urls", "DurableTask__", "Recovery__Interval", "Recovery__PoisonedMessagesInterval", "Recovery__LostWorkflowsInterval", "Recovery__UnnamedAttachmentsInterval", "Transparency__CheckpointInterval", "Transparency__TimestampInterval", "Webhooks__QueueName", "Workflow__StartQueueName", "Smtp__DeliveryQueueName", "Retention__Interval", "OpenData__PublishInterval", "Payments__SweepInterval"];

    /// <summary>Local-only forms of settings that Azure gets differently.</summary>
    private static readonly string[] NotInBicep =
    [
        "AzureWebJobsStorage", // a connection string locally; identity-based __blobServiceUri etc. in Azure
        "Faults__CrashOnceAfter", // the fault harness's test-only hook: never deployed
    ];

    /// <summary>Identity-based storage settings: Azure's form of AzureWebJobsStorage, absent from the local sample.</summary>
    private static bool IsAzureOnly(string setting) => setting.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal);

    private static string Root()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Serverless.sln")))
        {
            directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        return directory;
    }

    /// <summary>Settings as environment-style keys (<c>Section__Property</c>); a trailing <c>__</c> means "any key below".</summary>
    private static SortedSet<string> SettingsReadByCode()
    {
        var settings = new SortedSet<string>(StringComparer.Ordinal);
        // The product and its plumbing: options classes live in both.
        foreach (var type in typeof(PublicUrlOptions).Assembly.GetTypes().Concat(typeof(ServiceCollectionExtensions).Assembly.GetTypes()))
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
            var isRootOptions = type == typeof(PublicUrlOptions);
            if (section is null && !isRootOptions)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite))
            {
                var key = section is null ? property.Name : $"{section}__{property.Name}";
                settings.Add(property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? key + "__" : key);
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root(), "functions"), "*.cs", SearchOption.AllDirectories).Where(path => !path.Contains("/obj/", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (Match match in DirectRead().Matches(source))
            {
                settings.Add(match.Groups["key"].Value.Replace(":", "__", StringComparison.Ordinal));
            }

            // The storage connection is read through a constant and its section (identity-based form).
            if (source.Contains("configuration[StorageClients.ConnectionName]", StringComparison.Ordinal) || source.Contains("configuration[ConnectionName]", StringComparison.Ordinal))
            {
                settings.Add("AzureWebJobsStorage");
                foreach (Match match in SectionRead().Matches(source))
                {
                    settings.Add("AzureWebJobsStorage__" + match.Groups["key"].Value);
                }
            }
        }

        settings.RemoveWhere(key => LocalHostOnly.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)));
        return settings;
    }

    private static SortedSet<string> SampleSettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root(), "local.settings.sample.json")));
        return new SortedSet<string>(document.RootElement.GetProperty("Values").EnumerateObject().Select(property => property.Name), StringComparer.Ordinal);
    }

    private static SortedSet<string> BicepSettings()
    {
        var bicep = File.ReadAllText(Path.Combine(Root(), "infra", "bicep", "modules", "functionapp.bicep"));
        var block = Block(bicep, "var baseSettings = {");
        var settings = new SortedSet<string>(BicepKey().Matches(block).Select(match => match.Groups["key"].Value), StringComparer.Ordinal);

        // The active key ids of the root keys with ids (decision 0010), in a block of their own.
        settings.UnionWith(BicepKey().Matches(Block(bicep, "var keyIdSettings = {")).Select(match => match.Groups["key"].Value));
        foreach (var perKeyId in new[] { "ReviewTokens__Keys__", "CitizenAccess__Keys__", "Transparency__SigningKeys__" })
        {
            if (bicep.Contains($"'{perKeyId}${{keyId}}'", StringComparison.Ordinal))
            {
                settings.Add(perKeyId);
            }
        }

        if (bicep.Contains("'Webhooks__Secrets__${secretName}'", StringComparison.Ordinal))
        {
            settings.Add("Webhooks__Secrets__");
        }

        return settings;
    }

    /// <summary>The text of a Bicep object variable, from its opening line to the first closing brace at line start.</summary>
    private static string Block(string bicep, string opening)
    {
        var start = bicep.IndexOf(opening, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        var block = bicep[start..];
        return block[..block.IndexOf("\n}", StringComparison.Ordinal)];
    }

    private static bool Covers(IEnumerable<string> available, string setting) =>
        setting.EndsWith("__", StringComparison.Ordinal)
            ? available.Any(key => key.StartsWith(setting, StringComparison.Ordinal))
            : available.Contains(setting);

    [Fact]
    public void Sample_EverySettingTheCodeReads_IsListed()
    {
        var sample = SampleSettings();

        AssertNone(SettingsReadByCode().Where(setting => !IsAzureOnly(setting) && !Covers(sample, setting)), "read by the code but missing from local.settings.sample.json");
    }

    [Fact]
    public void Sample_EveryListedSetting_IsReadByTheCode()
    {
        var code = SettingsReadByCode();

        AssertNone(SampleSettings().Where(setting => setting != "FUNCTIONS_WORKER_RUNTIME" && !code.Any(key => key == setting || (key.EndsWith("__", StringComparison.Ordinal) && setting.StartsWith(key, StringComparison.Ordinal)))), "in the sample but never read");
    }

    [Fact]
    public void Bicep_EverySettingTheCodeReads_IsDeployed()
    {
        var bicep = BicepSettings();

        AssertNone(SettingsReadByCode().Where(setting => !NotInBicep.Contains(setting) && !Covers(bicep, setting)), "read by the code but not set by infra/bicep/modules/functionapp.bicep");
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", bicep);
        Assert.DoesNotContain("AzureWebJobsStorage", bicep);
    }

    private static void AssertNone(IEnumerable<string> settings, string problem)
    {
        var list = settings.ToList();
        Assert.True(list.Count == 0, $"Settings {problem}: {string.Join(", ", list)}");
    }

    [GeneratedRegex("""(?:configuration|Configuration)(?:\[|\.GetValue(?:<[^>]+>)?\()"(?<key>[A-Za-z_][A-Za-z0-9_:]*)"\]?""")]
    private static partial Regex DirectRead();

    [GeneratedRegex("""section\["(?<key>[A-Za-z]+)"\]""")]
    private static partial Regex SectionRead();

    [GeneratedRegex(@"^\s+(?<key>[A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex BicepKey();
}
