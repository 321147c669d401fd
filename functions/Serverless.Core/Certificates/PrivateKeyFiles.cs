namespace Serverless.Core.Certificates;

/// <summary>Writes files that hold private keys: readable by their owner only, and the first of two racing writers wins.</summary>
public static class PrivateKeyFiles
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> (replacing an expired file) and returns what the file holds afterwards.</summary>
    public static byte[] Write(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // The private key: readable by its owner only.
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(temporary, fileOptions))
            {
                file.Write(content);
            }

            File.Move(temporary, path, overwrite: File.Exists(path));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it at the same moment: use theirs, so that both sign with the same key.
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(temporary);
        }

        return content;
    }
}
