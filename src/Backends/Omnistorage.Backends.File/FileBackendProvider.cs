using Omnistorage;
using Omnistorage.Backends.File;

[assembly: OmnistorageBackend(typeof(FileBackendProvider))]

namespace Omnistorage.Backends.File;

/// <summary>
/// Registers the file backend: name and URI scheme <c>file</c>. <c>file:///abs/path</c> opens <c>/abs/path</c>;
/// <c>file://C:/x</c> and <c>file:///C:/x</c> open <c>C:\x</c> on Windows; <c>file://~/x</c>, <c>file://./x</c> and
/// <c>file://localhost/abs/path</c> are accepted too. <c>Omni.Open</c> also opens this backend for a plain local path.
/// </summary>
public sealed class FileBackendProvider : IBackendProvider
{
    public BackendDescriptor Descriptor { get; } = new()
    {
        Name = FileErrors.BackendName,
        Schemes = ["file"],
        BackendType = typeof(FileBackend),
        Description = "The local file system under one root directory; the root is a jail that paths and symbolic links cannot leave.",
        Options =
        [
            new BackendOptionDescriptor("root", BackendOptionType.String,
                "The root directory: absolute, relative to the current directory, or starting with ~ for the home directory.")
            {
                IsRequired = true,
                EnvironmentVariable = "OMNI_FILE_ROOT",
            },
            new BackendOptionDescriptor("create-root", BackendOptionType.Boolean, "Create the root directory when it does not exist.")
            {
                Default = true,
                EnvironmentVariable = "OMNI_FILE_CREATE_ROOT",
            },
        ],
        Factory = static (options, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var backend = new FileBackend(new FileBackendOptions
            {
                Root = options.GetRequiredString("root"),
                CreateRoot = options.GetBoolean("create-root", fallback: true),
            });
            return ValueTask.FromResult<IStorageBackend>(backend);
        },
        UriParser = static uri => new Dictionary<string, string> { ["root"] = RootFromUri(uri) },
    };

    /// <summary>Turns the authority and path of a <c>file:</c> URI into a local directory.</summary>
    internal static string RootFromUri(StorageUri uri)
    {
        var authority = uri.Authority;
        var path = uri.Path;
        if (authority.Length == 0 || authority.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // file:///C:/x names a Windows drive; anywhere else the empty authority starts an absolute path.
            return OperatingSystem.IsWindows() && IsDrivePath(path) ? path : "/" + path;
        }

        if (IsDrivePath(authority))
        {
            return authority + "/" + path;
        }

        if (authority is "~" or "." or "..")
        {
            return path.Length == 0 ? authority : authority + "/" + path;
        }

        if (OperatingSystem.IsWindows())
        {
            return $@"\\{authority}\{path.Replace('/', '\\')}";
        }

        throw new StorageException(StorageErrorCode.InvalidArgument,
            $"'file://{authority}/{path}' names the host '{authority}'; local paths are written file:///absolute/path, file://~/path or file://./relative/path.",
            FileErrors.BackendName);
    }

    private static bool IsDrivePath(string text) =>
        text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':' && (text.Length == 2 || text[2] is '/' or '\\');
}
