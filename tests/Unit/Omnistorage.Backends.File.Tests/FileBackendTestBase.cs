using System.IO.Enumeration;
using System.Text;

namespace Omnistorage.Backends.File.Tests;

/// <summary>Gives each test a fresh root directory, a store over it, and a second directory outside the root.</summary>
public abstract class FileBackendTestBase : IAsyncLifetime
{
    private ObjectStore? _store;

    protected FileBackendTestBase()
    {
        RootDirectory = new TemporaryDirectory("file-root");
        OutsideDirectory = new TemporaryDirectory("file-outside");
    }

    protected TemporaryDirectory RootDirectory { get; }

    /// <summary>A directory beside the root that nothing in the backend may reach.</summary>
    protected TemporaryDirectory OutsideDirectory { get; }

    protected ObjectStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected FileBackend Backend => (FileBackend)Store.Backend;

    public virtual Task InitializeAsync()
    {
        _store = new ObjectStore(new FileBackend(RootDirectory.Path), new ObjectStoreOptions { Retry = RetryPolicy.None });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        RootDirectory.Dispose();
        OutsideDirectory.Dispose();
    }

    protected ValueTask<ObjectInfo> WriteTextAsync(string path, string text, WriteOptions? options = null) =>
        Store.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(text), options);

    protected async Task<string> ReadTextAsync(string path) => Encoding.UTF8.GetString(await Store.ReadAllBytesAsync(path));

    protected async Task<List<ObjectInfo>> ListAsync(string directory = "", bool recursive = false)
    {
        var items = new List<ObjectInfo>();
        var listing = recursive ? Store.ListRecursiveAsync(directory) : Store.ListAsync(directory);
        await foreach (var item in listing) items.Add(item);
        return items;
    }

    protected async Task<List<string>> ListPathsAsync(string directory = "", bool recursive = false) =>
        (await ListAsync(directory, recursive)).Select(item => item.Path).Order(StringComparer.Ordinal).ToList();

    /// <summary>Asserts that <paramref name="action"/> fails with a <see cref="StorageException"/> of <paramref name="code"/>.</summary>
    protected static async Task<StorageException> AssertFailsAsync(StorageErrorCode code, Func<Task> action)
    {
        var exception = await Assert.ThrowsAsync<StorageException>(action);
        Assert.True(exception.Code == code, $"Expected {code} but got {exception.Code}: {exception.Message}");
        return exception;
    }

    /// <summary>Every file or directory in the root whose name marks it as an in-progress write (links are not followed).</summary>
    protected string[] TemporaryFilesOnDisk()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        return new FileSystemEnumerable<string>(RootDirectory.Path, (ref FileSystemEntry entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.FileName.StartsWith(FileBackend.TemporaryFilePrefix, StringComparison.Ordinal),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => !entry.Attributes.HasFlag(FileAttributes.ReparsePoint),
        }.ToArray();
    }
}
