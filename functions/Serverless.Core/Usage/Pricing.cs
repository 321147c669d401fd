using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Usage;

/// <summary>One unit price of the usage report, with where it came from and when.</summary>
public sealed record UnitPrice(
    [property: JsonPropertyName("unitPrice")] decimal Amount,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("date")] string Date);

/// <summary>The unit prices of <c>catalogue/pricing.json</c> (the one file that keeps them).</summary>
public sealed record Pricing(
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("prices")] IReadOnlyDictionary<string, UnitPrice> Prices)
{
    public const string FileName = "pricing.json";

    public UnitPrice this[string name] => Prices.TryGetValue(name, out var price) ? price : throw new InvalidOperationException($"{FileName} has no price '{name}'.");

    public static Pricing Load(string catalogueFolder)
    {
        // A commune's own catalogue folder may leave prices to the shipped file.
        var path = Path.Combine(catalogueFolder, FileName);
        path = File.Exists(path) ? path : Path.Combine(Procedures.CatalogueLoader.BundledPath, FileName);
        return JsonSerializer.Deserialize<Pricing>(File.ReadAllText(path)) ?? throw new InvalidOperationException($"{path} is empty.");
    }
}
