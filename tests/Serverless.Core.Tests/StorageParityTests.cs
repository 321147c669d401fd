using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;

namespace Serverless.Core.Tests;

/// <summary>Every container, table and queue the app uses is created by the Bicep storage module (in Azure the app may not create them).</summary>
public sealed class StorageParityTests
{
    private static string StorageModule()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Serverless.sln")))
        {
            directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        return File.ReadAllText(Path.Combine(directory, "infra", "bicep", "modules", "storage.bicep"));
    }

    [Fact]
    public void StorageModule_EveryContainerTableAndQueueTheAppUses_IsDeclared()
    {
        var bicep = StorageModule();

        var missing = StorageNames.Containers.Concat(StorageNames.Tables).Concat(StorageNames.Queues).Where(name => !bicep.Contains($"'{name}'", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"Not created by infra/bicep/modules/storage.bicep: {string.Join(", ", missing)}");
    }
}
