using System.Collections.Concurrent;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Omnistorage.Backends.File;

/// <summary>
/// The local file system under one root directory.
/// <para>
/// <b>The root is a jail.</b> Paths are relative to the root and cannot leave it: <c>..</c> segments are refused, a
/// leading <c>/</c> means the root, and symbolic links (and Windows junctions) are resolved. A link whose target lies
/// inside the root is followed; a link, at any level of a path, that resolves outside the root makes reads, writes,
/// stats and listings of that path fail with <see cref="StorageErrorCode.PermissionDenied"/>, and listings skip it (it
/// is neither shown nor descended into). Links that dangle are skipped by listings too. Operations on a name rather
/// than on content act on a link itself, never on its target: <see cref="DeleteAsync"/>, the source of
/// <see cref="MoveAsync"/> and <see cref="MoveDirectoryAsync"/>, <see cref="RemoveDirectoryAsync"/> and
/// <see cref="PurgeAsync"/> remove or move the link; everything else (stat, read, write, append, copy, the destination
/// of a move, set-modtime, listing) acts on what it points to. See <c>docs/backends/file.md</c>.
/// </para>
/// <para>
/// <b>Writes are atomic.</b> An object is written to a hidden temporary file in its destination directory
/// (<c>.omni-tmp-&lt;random&gt;-&lt;name&gt;</c>, never listed) and renamed over the destination on commit; abort, cancellation
/// or a fault deletes the temporary file. Appends copy the old content to such a file first, so a failed append leaves
/// the old object untouched. Nothing is flushed to stable storage (no <c>fsync</c>), as with a plain <see cref="FileStream"/>.
/// </para>
/// <para>Thread-safe: the backend holds no mutable state besides what the file system holds.</para>
/// </summary>
public sealed partial class FileBackend : IStorageBackend, IServerSideCopy, IServerSideMove, IDirectoryMove, IPurge, IRecursiveLister,
    ISetModificationTime, IAbout, IAppendableWrites
{
    /// <summary>The prefix of temporary files; entries named like this are never listed.</summary>
    public const string TemporaryFilePrefix = ".omni-tmp-";

    // Read streams get a modest buffer: reads at least this large bypass it (so bulk copies cost what raw reads cost),
    // while callers reading a few bytes at a time do not pay a system call per read. It stays below the large-object
    // heap threshold.
    private const int ReadBufferSize = 64 * 1024;

    // Linux, macOS and most other file systems limit one name to 255 bytes of UTF-8; Windows to 255 UTF-16 units.
    private const int MaxNameLength = 255;

    private static readonly ConcurrentDictionary<string, bool> CaseInsensitivityByRoot = new(StringComparer.Ordinal);

    private readonly RootJail _jail;

    /// <summary>Opens the directory <paramref name="root"/> (created when missing).</summary>
    public FileBackend(string root)
        : this(new FileBackendOptions { Root = root })
    {
    }

    /// <summary>
    /// Opens the root directory named in <paramref name="options"/>, creating it when missing and
    /// <see cref="FileBackendOptions.CreateRoot"/> is set, and probes whether its file system ignores case.
    /// </summary>
    public FileBackend(FileBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fullPath = ExpandRoot(options.Root);
        try
        {
            if (!Directory.Exists(fullPath))
            {
                if (System.IO.File.Exists(fullPath))
                {
                    throw FileErrors.Create(StorageErrorCode.InvalidArgument, string.Empty, $"The root of the file backend, '{fullPath}', is a file, not a directory.");
                }

                if (!options.CreateRoot)
                {
                    throw FileErrors.Create(StorageErrorCode.NotFound, string.Empty,
                        $"The root of the file backend, '{fullPath}', does not exist (set create-root to create it).");
                }

                Directory.CreateDirectory(fullPath);
            }

            var canonicalRoot = RootJail.Canonicalize(fullPath);
            var caseInsensitive = CaseInsensitivityByRoot.GetOrAdd(canonicalRoot, ProbeCaseInsensitivity);
            _jail = new RootJail(canonicalRoot, caseInsensitive);
            LocalRoot = fullPath;
            Root = "file://" + (fullPath.StartsWith('/') ? fullPath : "/" + fullPath.Replace('\\', '/'));
            Traits = new BackendTraits
            {
                IsCaseInsensitive = caseInsensitive,
                CanHaveEmptyDirectories = true,
                // .NET reads and sets file times in 100 ns ticks; the common file systems (ext4, XFS, Btrfs, APFS, NTFS) keep at least that.
                ModificationTimePrecision = TimeSpan.FromTicks(1),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileErrors.Wrap(ex, string.Empty, "open the root directory");
        }
    }

    public string Name => FileErrors.BackendName;

    /// <summary><c>file://</c> followed by the full path of the root, for example <c>file:///data</c>.</summary>
    public string Root { get; }

    /// <summary>The full local path of the root, as given (before symbolic links are resolved).</summary>
    public string LocalRoot { get; }

    public BackendTraits Traits { get; }

    /// <summary>
    /// Returns the local path that <paramref name="path"/> maps to, with the same jail checks every operation makes
    /// (links followed; <see cref="StorageErrorCode.PermissionDenied"/> when one leads outside the root). The item need not exist.
    /// </summary>
    public string GetLocalPath(string path) => Run(path, "resolve", () => _jail.Resolve(StoragePath.Normalize(path), followFinalLink: true));

    public ValueTask<ObjectInfo> StatAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<ObjectInfo>(Run(path, "stat", () => Describe(path, _jail.Resolve(path, followFinalLink: true)) ?? throw FileErrors.NotFound(path)));
    }

    public ValueTask<bool> ExistsAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<bool>(Run(path, "check existence of", () => Exists(_jail.Resolve(path, followFinalLink: true))));
    }

    public ValueTask<Stream> OpenReadAsync(string path, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        range.Validate();
        return new ValueTask<Stream>(Run(path, "open for reading", () => OpenRead(path, range)));
    }

    public ValueTask<ObjectWriteStream> OpenWriteAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= WriteOptions.Default;
        return new ValueTask<ObjectWriteStream>(Run(path, "open for writing", () =>
        {
            var destination = ResolveWriteDestination(path);
            var (handle, temporaryPath) = CreateTemporaryFile(path, destination, options.Size > 0 ? options.Size : 0);
            return new FileWriteStream(path, options, cancellationToken, handle, temporaryPath, destination, startOffset: 0);
        }));
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending: the old content is copied (with the file system's fast copy, a
    /// reflink where it has them) to a temporary file that receives the new bytes and replaces the object on commit.
    /// Appends are atomic, not serialized: of two concurrent appends to one object, the later commit wins.
    /// <see cref="WriteOptions.Size"/> counts the appended bytes; <see cref="WriteOptions.Overwrite"/> is ignored.
    /// </summary>
    public ValueTask<ObjectWriteStream> OpenAppendAsync(string path, WriteOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        options ??= WriteOptions.Default;
        return new ValueTask<ObjectWriteStream>(Run(path, "open for appending", () =>
        {
            var destination = ResolveWriteDestination(path);
            var (handle, temporaryPath, existingLength) = CopyToTemporaryFile(path, destination);
            return new FileWriteStream(path, options with { Overwrite = true }, cancellationToken, handle, temporaryPath, destination, existingLength);
        }));
    }

    public ValueTask DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(path, "delete", () =>
        {
            if (path.Length == 0) throw FileErrors.Create(StorageErrorCode.InvalidArgument, path, "The root cannot be deleted as an object.");
            var local = _jail.Resolve(path, followFinalLink: false);
            var attributes = new FileInfo(local).Attributes;
            if ((int)attributes == -1) return;
            if ((attributes & FileAttributes.Directory) != 0)
            {
                throw FileErrors.Create(StorageErrorCode.InvalidArgument, path, $"'{path}' is a directory; remove it with RemoveDirectory or Purge.");
            }

            System.IO.File.Delete(local);
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask CreateDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(path, "create directory", () =>
        {
            if (path.Length > 0) EnsureDirectory(_jail.Resolve(path, followFinalLink: true));
        });
        return ValueTask.CompletedTask;
    }

    /// <summary>Removes an empty directory; for a link to a directory, removes the link and leaves the target alone.</summary>
    public ValueTask RemoveDirectoryAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run(path, "remove directory", () =>
        {
            if (path.Length == 0) throw FileErrors.Create(StorageErrorCode.InvalidArgument, path, "The root directory of the file backend cannot be removed.");
            var local = _jail.Resolve(path, followFinalLink: false);
            var attributes = RequireDirectory(path, local);
            if ((attributes & FileAttributes.ReparsePoint) != 0) DeleteLink(local);
            else Directory.Delete(local, recursive: false);
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Stream OpenRead(string path, ByteRange range)
    {
        var local = _jail.Resolve(path, followFinalLink: true);
        var whole = range.IsAll;
        FileStream stream;
        try
        {
            stream = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, ReadBufferSize,
                whole ? FileOptions.SequentialScan : FileOptions.None);
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(local))
        {
            // Opening a directory as a file fails as "access denied"; the contract calls it a missing object.
            throw FileErrors.Create(StorageErrorCode.NotFound, path, $"'{path}' is a directory, not an object.");
        }

        if (whole) return stream;
        try
        {
            var length = stream.Length;
            if (range.Offset >= length)
            {
                stream.Dispose();
                return new MemoryStream([], writable: false);
            }

            var rangeLength = range.Length < 0 ? length - range.Offset : Math.Min(range.Length, length - range.Offset);
            stream.Seek(range.Offset, SeekOrigin.Begin);
            return new RangeReadStream(stream, range.Offset, rangeLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Resolves a write destination and rejects what can never be written: the root, a directory, an over-long name.</summary>
    private string ResolveWriteDestination(string path)
    {
        if (path.Length == 0) throw FileErrors.Create(StorageErrorCode.InvalidArgument, path, "The root is a directory; an object needs a name.");
        var local = _jail.Resolve(path, followFinalLink: true);
        var name = Path.GetFileName(local.AsSpan());
        if (NameLength(name) > MaxNameLength)
        {
            throw FileErrors.Create(StorageErrorCode.InvalidArgument, path, $"The name '{name}' is longer than {MaxNameLength} bytes, the limit of local file systems.");
        }

        if (Directory.Exists(local))
        {
            throw FileErrors.Create(StorageErrorCode.Conflict, path, $"'{path}' is a directory; an object cannot replace it.");
        }

        return local;
    }

    /// <summary>Creates a new temporary file beside <paramref name="destination"/>, creating the parent directories when missing.</summary>
    private (SafeFileHandle Handle, string TemporaryPath) CreateTemporaryFile(string path, string destination, long preallocationSize)
    {
        var directory = Path.GetDirectoryName(destination)!;
        var name = Path.GetFileName(destination);
        for (var attempt = 0; ; attempt++)
        {
            var temporaryPath = Path.Join(directory, TemporaryName(name));
            try
            {
                return (System.IO.File.OpenHandle(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize), temporaryPath);
            }
            catch (DirectoryNotFoundException) when (attempt == 0)
            {
                // Parents are created only when missing, so the common case (the directory exists) costs no extra system call.
                EnsureDirectory(directory);
            }
            catch (IOException ex) when (attempt < 3 && FileErrors.IsAlreadyExists(ex))
            {
                // Another temporary file drew the same random name; draw again.
            }
            catch (IOException ex) when (preallocationSize > 0 && ex is not DirectoryNotFoundException)
            {
                // .NET reports a failed preallocation (no space, or a size beyond the file system's limit) with a
                // generic IOException, without the errno. It removes the file it created; deleting again only makes
                // sure nothing is left behind.
                System.IO.File.Delete(temporaryPath);
                var error = FileErrors.Wrap(ex, path, "reserve space for");
                throw error.Code != StorageErrorCode.Unknown
                    ? error
                    : FileErrors.Create(StorageErrorCode.QuotaExceeded, path, $"'{path}' was declared as {preallocationSize} bytes, which do not fit: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Copies the existing object (if any) to a new temporary file beside it and opens that file for writing at its end.</summary>
    private (SafeFileHandle Handle, string TemporaryPath, long Length) CopyToTemporaryFile(string path, string destination)
    {
        var temporaryPath = Path.Join(Path.GetDirectoryName(destination), TemporaryName(Path.GetFileName(destination)));
        try
        {
            System.IO.File.Copy(destination, temporaryPath, overwrite: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            var (handle, created) = CreateTemporaryFile(path, destination, 0);
            return (handle, created, 0);
        }

        try
        {
            var handle = System.IO.File.OpenHandle(temporaryPath, FileMode.Open, FileAccess.Write, FileShare.None);
            return (handle, temporaryPath, RandomAccess.GetLength(handle));
        }
        catch
        {
            System.IO.File.Delete(temporaryPath);
            throw;
        }
    }

    /// <summary>Creates <paramref name="directory"/> and its parents; a file in the way is <see cref="StorageErrorCode.Conflict"/>.</summary>
    private void EnsureDirectory(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (IOException ex)
        {
            for (var candidate = directory; candidate is not null && _jail.IsInside(candidate); candidate = Path.GetDirectoryName(candidate))
            {
                if (System.IO.File.Exists(candidate))
                {
                    var relative = _jail.ToRelative(candidate);
                    throw FileErrors.Create(StorageErrorCode.Conflict, relative, $"'{relative}' is a file, so it cannot hold other objects.", ex);
                }
            }

            throw;
        }
    }

    /// <summary>Returns the attributes of an existing directory (or link to one); NotFound or InvalidArgument otherwise.</summary>
    private static FileAttributes RequireDirectory(string path, string local)
    {
        var attributes = new FileInfo(local).Attributes;
        if ((int)attributes == -1) throw FileErrors.NotFound(path);
        if ((attributes & FileAttributes.Directory) == 0)
        {
            throw FileErrors.Create(StorageErrorCode.InvalidArgument, path, $"'{path}' is an object, not a directory.");
        }

        return attributes;
    }

    /// <summary>Removes a link itself. Windows keeps directory links and junctions as directories; Unix unlinks any link.</summary>
    private static void DeleteLink(string local)
    {
        if (OperatingSystem.IsWindows() && Directory.Exists(local)) Directory.Delete(local, recursive: false);
        else System.IO.File.Delete(local);
    }

    /// <summary>Describes the item at <paramref name="local"/> (following links), or returns null when nothing is there.</summary>
    private static ObjectInfo? Describe(string path, string local)
    {
        var info = new FileInfo(local);
        var attributes = info.Attributes;
        if ((int)attributes == -1) return null;
        var lastModified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        return (attributes & FileAttributes.Directory) != 0
            ? ObjectInfo.Directory(path, lastModified)
            : new ObjectInfo { Path = path, Size = info.Length, LastModified = lastModified };
    }

    private static bool Exists(string local) => (int)new FileInfo(local).Attributes != -1;

    /// <summary>Runs one operation, turning native exceptions into <see cref="StorageException"/> for <paramref name="path"/>.</summary>
    private static T Run<T>(string path, string operation, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileErrors.Wrap(ex, path, operation);
        }
    }

    private static void Run(string path, string operation, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileErrors.Wrap(ex, path, operation);
        }
    }

    /// <summary><c>.omni-tmp-&lt;random&gt;-&lt;name&gt;</c>, with the name shortened so the whole stays within one file name's limit.</summary>
    internal static string TemporaryName(string name)
    {
        var prefix = string.Concat(TemporaryFilePrefix, Random.Shared.NextInt64(1L << 48).ToString("x12", System.Globalization.CultureInfo.InvariantCulture), "-");
        var budget = MaxNameLength - prefix.Length;
        if (NameLength(name) <= budget) return prefix + name;
        var kept = 0;
        var used = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            var size = OperatingSystem.IsWindows() ? rune.Utf16SequenceLength : rune.Utf8SequenceLength;
            if (used + size > budget) break;
            used += size;
            kept += rune.Utf16SequenceLength;
        }

        return prefix + name[..kept];
    }

    private static int NameLength(ReadOnlySpan<char> name) =>
        OperatingSystem.IsWindows() || name.Length * 3 <= MaxNameLength ? name.Length : Encoding.UTF8.GetByteCount(name);

    private static string ExpandRoot(string root)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw FileErrors.Create(StorageErrorCode.InvalidArgument, string.Empty, "The file backend needs a root directory.");
        }

        if (root == "~" || root.StartsWith("~/", StringComparison.Ordinal) || (OperatingSystem.IsWindows() && root.StartsWith(@"~\", StringComparison.Ordinal)))
        {
            root = Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), root[1..]);
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>
    /// Creates a file with a mixed-case name in the root and checks whether the same name in other case finds it.
    /// When the root cannot be written, falls back to the platform's usual default.
    /// </summary>
    private static bool ProbeCaseInsensitivity(string root)
    {
        var probe = Path.Join(root, TemporaryName("CaseProbe"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
            }

            return System.IO.File.Exists(Path.Join(root, Path.GetFileName(probe).ToLowerInvariant()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();
        }
        finally
        {
            try
            {
                System.IO.File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The probe is hidden from listings by its temporary-file name, so a leftover is harmless.
            }
        }
    }
}
