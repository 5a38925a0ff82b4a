using System.Text;
using Omnistorage.Backends.Memory;

namespace Omnistorage.Cli.Tests;

/// <summary>A fresh directory under the system temp folder, removed with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "omni-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The absolute local path.</summary>
    public string Path { get; }

    /// <summary>The directory as a <c>file://</c> remote.</summary>
    public string Uri => "file://" + Path;

    /// <summary>The local path of <paramref name="relative"/> (a <c>/</c>-separated path) inside this directory.</summary>
    public string Local(string relative) => System.IO.Path.Combine([Path, .. relative.Split('/')]);

    /// <summary><paramref name="relative"/> inside this directory as a <c>file://</c> remote.</summary>
    public string UriOf(string relative) => Uri + "/" + relative;

    public void WriteText(string relative, string text)
    {
        var path = Local(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    public string ReadText(string relative) => File.ReadAllText(Local(relative));

    public bool FileExists(string relative) => File.Exists(Local(relative));

    public bool DirectoryExists(string relative) => Directory.Exists(Local(relative));

    /// <summary>Every file beneath the directory as sorted <c>/</c>-separated relative paths.</summary>
    public string[] Files() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>
/// A shared memory store with a random name: the CLI opens it as <c>memory://NAME/…</c> in this same process, so the
/// test can prepare and inspect it directly. The store is forgotten on dispose.
/// </summary>
internal sealed class TemporaryMemoryStore : IAsyncDisposable
{
    public TemporaryMemoryStore()
    {
        Name = "omni-cli-tests-" + Guid.NewGuid().ToString("N");
        Store = MemoryBackend.Create(new MemoryBackendOptions { Name = Name });
    }

    public string Name { get; }

    /// <summary>The whole store, for preparing and inspecting it.</summary>
    public ObjectStore Store { get; }

    /// <summary>The root of the store as a remote.</summary>
    public string Uri => "memory://" + Name;

    /// <summary><paramref name="relative"/> inside the store as a remote.</summary>
    public string UriOf(string relative) => Uri + "/" + relative;

    public ValueTask<ObjectInfo> WriteTextAsync(string path, string text, DateTimeOffset? lastModified = null) =>
        Store.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(text), new WriteOptions { LastModified = lastModified });

    public async Task<string> ReadTextAsync(string path) => Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(path));

    public ValueTask<bool> ExistsAsync(string path) => Store.ExistsAsync(path);

    /// <summary>Every path beneath <paramref name="directory"/> (files and directories), sorted.</summary>
    public async Task<string[]> PathsAsync(string directory = "")
    {
        var paths = new List<string>();
        await foreach (var item in Store.ListRecursiveAsync(directory)) paths.Add(item.Path);
        return paths.Order(StringComparer.Ordinal).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        MemoryBackend.DeleteSharedStore(Name);
    }
}
