using System.Text.RegularExpressions;

namespace Serverless.Core.Circuits;

/// <summary>A run of words that two versions share, or that one of them removed or added.</summary>
public sealed record DiffSegment(DiffKind Kind, string Text);

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

/// <summary>
/// The differences between two versions of a decision, word by word (whitespace kept with the word before it), by the
/// longest common subsequence: what a visa holder reads to see what an amendment changed. Bounded: texts longer than
/// <see cref="MaxWords"/> words are compared as two whole blocks (removed, then added) rather than in quadratic time.
/// </summary>
public static partial class TextDiff
{
    public const int MaxWords = 3000;

    public static IReadOnlyList<DiffSegment> Compare(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var left = Words(before);
        var right = Words(after);
        if (left.Length > MaxWords || right.Length > MaxWords)
        {
            return before == after ? [new(DiffKind.Same, before)] : [new(DiffKind.Removed, before), new(DiffKind.Added, after)];
        }

        // lengths[i, j]: the longest common subsequence of left[i..] and right[j..].
        var lengths = new int[left.Length + 1, right.Length + 1];
        for (var i = left.Length - 1; i >= 0; i--)
        {
            for (var j = right.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = left[i] == right[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var segments = new List<DiffSegment>();
        void Add(DiffKind kind, string word)
        {
            if (segments.Count > 0 && segments[^1].Kind == kind)
            {
                segments[^1] = segments[^1] with { Text = segments[^1].Text + word };
            }
            else
            {
                segments.Add(new DiffSegment(kind, word));
            }
        }

        int x = 0, y = 0;
        while (x < left.Length && y < right.Length)
        {
            if (left[x] == right[y])
            {
                Add(DiffKind.Same, left[x++]);
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                Add(DiffKind.Removed, left[x++]);
            }
            else
            {
                Add(DiffKind.Added, right[y++]);
            }
        }

        while (x < left.Length)
        {
            Add(DiffKind.Removed, left[x++]);
        }

        while (y < right.Length)
        {
            Add(DiffKind.Added, right[y++]);
        }

        return segments;
    }

    /// <summary>True when the two versions differ (ignoring nothing: a comma counts).</summary>
    public static bool Differs(string before, string after) => !string.Equals(before, after, StringComparison.Ordinal);

    private static string[] Words(string text) => [.. WordPattern().Matches(text).Select(match => match.Value)];

    [GeneratedRegex(@"\S+\s*|\s+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WordPattern();
}
