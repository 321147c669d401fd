using System.Diagnostics;
using System.Text;

namespace Serverless.Core.Tests;

/// <summary>
/// Poppler's command-line tools (Debian poppler-utils; .ci/run installs them), as a person's PDF viewer would see a
/// document: <c>pdftoppm</c> renders pages to pixels, <c>pdfsig</c> checks signatures.
/// </summary>
internal static class Poppler
{
    /// <summary>An RGB image: 3 bytes a pixel, rows top to bottom.</summary>
    public sealed record Bitmap(int Width, int Height, byte[] Rgb);

    /// <summary>Renders one page (1-based) at the given resolution with pdftoppm, as PPM (no image library needed).</summary>
    public static Bitmap RenderPage(byte[] pdf, int page, int dpi)
    {
        var output = Run("pdftoppm", pdf, "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ReadPpm(output);
    }

    /// <summary>What pdfsig says about the document's signatures.</summary>
    public static string Pdfsig(byte[] pdf) => Encoding.UTF8.GetString(Run("pdfsig", pdf));

    /// <summary>The text of every page as pdftotext extracts it (signature boxes included: they are drawn on the page).</summary>
    public static string Pdftotext(byte[] pdf) => Encoding.UTF8.GetString(Run("pdftotext", pdf, [], ["-"]));

    private static byte[] Run(string tool, byte[] pdf, params string[] arguments) => Run(tool, pdf, arguments, []);

    private static byte[] Run(string tool, byte[] pdf, string[] arguments, string[] afterFile)
    {
        var file = Path.Combine(Path.GetTempPath(), $"poppler-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(file);
            foreach (var argument in afterFile)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start: install poppler-utils.");
            using var stdout = new MemoryStream();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(stdout);
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 || tool == "pdfsig", $"{tool} failed ({process.ExitCode}): {errors.Result}");
            return stdout.ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Binary PPM (P6, max value 255): a short text header, then RGB bytes.</summary>
    private static Bitmap ReadPpm(byte[] ppm)
    {
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)ppm[position]))
            {
                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)ppm[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(ppm, start, position - start);
        }

        Assert.Equal("P6", Token());
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("255", Token());
        position++;
        return new Bitmap(width, height, ppm[position..(position + (width * height * 3))]);
    }
}
