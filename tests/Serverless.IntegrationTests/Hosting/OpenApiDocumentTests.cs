using YamlDotNet.RepresentationModel;

namespace Serverless.IntegrationTests.Hosting;

/// <summary>
/// docs/openapi.yaml says what its authors meant: in YAML's flow style an unquoted comma ends a description, and the
/// rest of the sentence silently becomes a key of its own (seen 48 times: "wrong access code or another procedure"
/// was a key of a 404 response, not part of its description).
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static readonly HashSet<string> ResponseKeys = ["description", "content", "headers", "$ref", "links"];

    [Fact]
    public void OpenApi_EveryMappingKey_IsAKeyNotTheTailOfAnUnquotedSentence()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(FunctionsAppBuild.RepositoryRoot, "docs", "openapi.yaml")))
        {
            yaml.Load(reader);
        }

        var strays = new List<string>();
        Walk((YamlMappingNode)yaml.Documents[0].RootNode, "", strays);

        Assert.True(strays.Count == 0, "Keys that are the tail of a sentence (quote the description):\n" + string.Join('\n', strays));
    }

    private static void Walk(YamlNode node, string path, List<string> strays)
    {
        if (node is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.Children)
            {
                Walk(item, path, strays);
            }

            return;
        }

        if (node is not YamlMappingNode mapping)
        {
            return;
        }

        var isResponse = path.Split('/') is [.., "responses", _];
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            // Paths and media types are keys with slashes and braces, never with spaces; a sentence's tail has spaces.
            if (name.Contains(' ', StringComparison.Ordinal) || (isResponse && !ResponseKeys.Contains(name)))
            {
                strays.Add($"{path}: '{name}'");
            }

            Walk(value, $"{path}/{name}", strays);
        }
    }
}
