using System.Globalization;
using System.Text;

namespace Serverless.Core.Signatures;

/// <summary>
/// One incremental update (ISO 32000-1 §7.5.6): new and changed objects appended after the original bytes, which are
/// never touched, then a cross-reference section for those objects only and a trailer whose /Prev points at the
/// previous section. A reader takes the newest version of each object; earlier signatures still cover their bytes.
/// </summary>
internal sealed class IncrementalUpdate(PdfRevision previous)
{
    private readonly SortedDictionary<int, (int Generation, byte[] Body)> objects = [];

    public void Add(int number, int generation, string body) => Add(number, generation, Encoding.ASCII.GetBytes(body));

    public void Add(int number, int generation, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!objects.TryAdd(number, (generation, body)))
        {
            throw new InvalidOperationException($"Object {number} is written twice in one update.");
        }
    }

    /// <summary>The document followed by this update; <paramref name="size"/> is one more than the highest object number in use.</summary>
    public byte[] AppendTo(byte[] pdf, int size)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        using var output = new MemoryStream(pdf.Length + 64 * 1024);
        output.Write(pdf);
        if (pdf.Length > 0 && pdf[^1] is not ((byte)'\n' or (byte)'\r'))
        {
            Write(output, "\n");
        }

        var offsets = new SortedDictionary<int, (long Offset, int Generation)>();
        foreach (var (number, (generation, body)) in objects)
        {
            offsets[number] = (output.Position, generation);
            Write(output, string.Create(CultureInfo.InvariantCulture, $"{number} {generation} obj\n"));
            output.Write(body);
            Write(output, "\nendobj\n");
        }

        var xref = output.Position;
        var table = new StringBuilder("xref\n");
        // Subsections of consecutive object numbers (§7.5.4); each entry exactly 20 bytes, ending with a space and \n.
        foreach (var run in Runs(offsets.Keys.ToList()))
        {
            table.Append(CultureInfo.InvariantCulture, $"{run[0]} {run.Count}\n");
            foreach (var number in run)
            {
                var (offset, generation) = offsets[number];
                table.Append(CultureInfo.InvariantCulture, $"{offset:D10} {generation:D5} n \n");
            }
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {size} /Root {previous.Root} /Prev {previous.StartXref}");
        if (previous.Info is { } info)
        {
            table.Append(CultureInfo.InvariantCulture, $" /Info {info}");
        }

        if (previous.FirstId is { } firstId)
        {
            // The first identifier stays the document's; the second says this is a new revision of it (§14.4).
            table.Append(CultureInfo.InvariantCulture, $" /ID [<{firstId}> <{Convert.ToHexString(Guid.NewGuid().ToByteArray())}>]");
        }

        table.Append(CultureInfo.InvariantCulture, $">>\nstartxref\n{xref}\n%%EOF\n");
        Write(output, table.ToString());
        return output.ToArray();
    }

    private static List<List<int>> Runs(List<int> numbers)
    {
        var runs = new List<List<int>>();
        foreach (var number in numbers)
        {
            if (runs.Count > 0 && runs[^1][^1] == number - 1)
            {
                runs[^1].Add(number);
            }
            else
            {
                runs.Add([number]);
            }
        }

        return runs;
    }

    private static void Write(Stream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));
}
