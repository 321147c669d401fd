using Serverless.Core.Procedures;

namespace Serverless.Core.Tests;

/// <summary>The catalogue shipped with the product (functions/catalogue), as the app loads it.</summary>
internal static class TestCatalogue
{
    private static readonly Lazy<ProcedureCatalog> Catalog = new(() => CatalogueLoader.Load(CatalogueLoader.BundledPath));

    public static ProcedureCatalog Shipped => Catalog.Value;

    public static ProcedureDefinition SchoolEnrolment => Shipped.Find("school-enrolment")!;

    public static IReadOnlyCollection<string> PostalCodes(ProcedureDefinition procedure) => Shipped.CommuneOf(procedure).PostalCodes;
}
