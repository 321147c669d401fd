namespace Serverless.Core.Procedures;

public sealed class CatalogueOptions
{
    public const string Section = "Catalogue";

    /// <summary>Folder holding <c>communes/</c> and <c>procedures/</c>; empty means the catalogue shipped with the app.</summary>
    public string Path { get; set; } = string.Empty;

    public string ResolvedPath => string.IsNullOrWhiteSpace(Path) ? CatalogueLoader.BundledPath : Path;
}
