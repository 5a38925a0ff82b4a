namespace Omnistorage.Backends.File.Tests;

/// <summary>A uniquely named directory under the system temporary directory, deleted (with everything in it) on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"omni-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Delete(Path);

    /// <summary>Deletes a test directory, first making writable anything a test made read-only.</summary>
    public static void Delete(string path)
    {
        if (!Directory.Exists(path)) return;
        if (!OperatingSystem.IsWindows()) MakeWritable(path);
        Directory.Delete(path, recursive: true);
    }

    // Walks by hand rather than with a recursive enumeration, which would follow the looping links some tests create.
    private static void MakeWritable(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        System.IO.File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var child in new DirectoryInfo(directory).EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            if (!child.Attributes.HasFlag(FileAttributes.ReparsePoint)) MakeWritable(child.FullName);
        }
    }
}
