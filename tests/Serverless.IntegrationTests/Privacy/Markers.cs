using System.Security.Cryptography;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>Unique markers (letters only, so that every field accepts them), each remembered under its label for the storage scan.</summary>
internal sealed class Markers
{
    public Dictionary<string, string> ByLabel { get; } = [];

    public string New(string label)
    {
        var letters = string.Concat(RandomNumberGenerator.GetBytes(10).Select(b => (char)('a' + (b % 26))));
        return ByLabel[label] = "mk" + label.ToLowerInvariant() + letters;
    }

    /// <summary>Waits (90 s at most) for a condition on storage; the failure says what was still there.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Func<string>? detail = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 90 s for {what}. {detail?.Invoke()}");
            await Task.Delay(500);
        }
    }
}
