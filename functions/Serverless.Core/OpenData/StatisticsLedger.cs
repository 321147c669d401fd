using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.OpenData;

/// <summary>The ledger of the published statistics: facts in <c>StatisticsFacts</c>, month aggregates in <c>StatisticsMonths</c>.</summary>
public sealed class StatisticsLedger(StorageClients storage)
{
    public FactLedger Ledger { get; } = new(storage.Table(StorageNames.StatisticsFactsTable), storage.Table(StorageNames.StatisticsMonthsTable));
}
