using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Usage;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Tools.Usage;

/// <summary>
/// <c>usage-report --month YYYY-MM [--commune ID]... [--fold]</c>: writes the month's usage report as CSV. Without
/// <c>--commune</c>, every commune of the catalogue. <c>--fold</c> first folds the facts not yet folded (what the
/// nightly run does; safe to repeat), for a report of the month so far.
/// </summary>
public static class UsageReportCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        string? month = null;
        var communes = new List<string>();
        var fold = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--month" when i + 1 < args.Count:
                    month = args[++i];
                    break;
                case "--commune" when i + 1 < args.Count:
                    communes.Add(args[++i]);
                    break;
                case "--fold":
                    fold = true;
                    break;
                default:
                    await errors.WriteLineAsync($"Unknown argument '{args[i]}'. Usage: usage-report --month YYYY-MM [--commune ID]... [--fold]");
                    return 2;
            }
        }

        if (month is null || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            await errors.WriteLineAsync("--month YYYY-MM is required.");
            return 2;
        }

        var folder = string.IsNullOrWhiteSpace(configuration["Catalogue:Path"]) ? CatalogueLoader.BundledPath : configuration["Catalogue:Path"]!;
        var catalog = CatalogueLoader.Load(folder);
        var unknown = communes.Where(id => catalog.FindCommune(id) is null).ToList();
        if (unknown.Count > 0)
        {
            await errors.WriteLineAsync($"Unknown commune(s): {string.Join(", ", unknown)}.");
            return 2;
        }

        var scope = new UsageScope(communes.Count > 0 ? communes : [.. catalog.Communes.Select(commune => commune.Id)]);
        var storage = new StorageClients(configuration);
        var statistics = new Serverless.Core.OpenData.StatisticsLedger(storage);
        // The report reads the ledger only; the loader is what the meter needs to count an e-mail.
        var loader = new ApplicationLoader(new ApplicationRepository(storage), catalog, new ProcedureVersions(catalog, new BlobFiles(storage), NullLogger<ProcedureVersions>.Instance));
        var meter = new UsageMeter(storage, loader);
        if (fold)
        {
            foreach (var communeId in scope.CommuneIds)
            {
                await statistics.Ledger.FoldAsync(communeId, CancellationToken.None);
                await meter.Ledger.FoldAsync(communeId, CancellationToken.None);
            }
        }

        var renderer = new UsageReportRenderer(new UsageReport(statistics, meter, catalog, Pricing.Load(folder)));
        await output.WriteAsync(await renderer.CsvAsync(scope, month, CancellationToken.None));
        return 0;
    }
}
