using System.Net.Sockets;

namespace Omnistorage.Core.Tests;

public sealed class StorageErrorsTests
{
    [Theory]
    [InlineData(StorageErrorCode.Unavailable, true)]
    [InlineData(StorageErrorCode.Throttled, true)]
    [InlineData(StorageErrorCode.Timeout, true)]
    [InlineData(StorageErrorCode.Unknown, false)]
    [InlineData(StorageErrorCode.NotFound, false)]
    [InlineData(StorageErrorCode.AlreadyExists, false)]
    [InlineData(StorageErrorCode.PermissionDenied, false)]
    [InlineData(StorageErrorCode.InvalidArgument, false)]
    [InlineData(StorageErrorCode.Unsupported, false)]
    [InlineData(StorageErrorCode.Conflict, false)]
    [InlineData(StorageErrorCode.Canceled, false)]
    [InlineData(StorageErrorCode.Integrity, false)]
    [InlineData(StorageErrorCode.QuotaExceeded, false)]
    public void IsRetryable_defaults_by_code(StorageErrorCode code, bool expected)
    {
        Assert.Equal(expected, new StorageException(code, "message").IsRetryable);
    }

    [Fact]
    public void IsRetryable_can_be_overridden_either_way()
    {
        Assert.False(new StorageException(StorageErrorCode.Unavailable, "gone for good", isRetryable: false).IsRetryable);
        Assert.True(new StorageException(StorageErrorCode.Conflict, "lock held briefly", isRetryable: true).IsRetryable);
    }

    [Fact]
    public void Every_error_code_has_a_retryable_default()
    {
        // A new code added to the enum must be placed deliberately in the retryable or non-retryable group above.
        Assert.Equal(13, Enum.GetValues<StorageErrorCode>().Length);
    }

    [Fact]
    public void The_factory_helpers_set_code_backend_and_path()
    {
        var notFound = StorageException.NotFound("a/b", "s3");
        var exists = StorageException.AlreadyExists("a/b", "s3");
        var invalid = StorageException.InvalidPath("bad/..", "no dots");
        var unsupported = StorageException.Unsupported("http", "writing", "x");

        Assert.Equal((StorageErrorCode.NotFound, "s3", "a/b"), (notFound.Code, notFound.Backend, notFound.Path));
        Assert.Equal((StorageErrorCode.AlreadyExists, "s3", "a/b"), (exists.Code, exists.Backend, exists.Path));
        Assert.Equal((StorageErrorCode.InvalidArgument, "bad/.."), (invalid.Code, invalid.Path));
        Assert.Contains("no dots", invalid.Message, StringComparison.Ordinal);
        Assert.Equal((StorageErrorCode.Unsupported, "http", "x"), (unsupported.Code, unsupported.Backend, unsupported.Path));
        Assert.Contains("http", unsupported.Message, StringComparison.Ordinal);
        Assert.Contains("writing", unsupported.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_code_backend_path_and_the_inner_exception()
    {
        var error = new StorageException(StorageErrorCode.NotFound, "It is gone.", "s3", "a/b", new FileNotFoundException("native detail"));

        var text = error.ToString();

        Assert.Contains("[NotFound]", text, StringComparison.Ordinal);
        Assert.Contains("backend=s3", text, StringComparison.Ordinal);
        Assert.Contains("path=a/b", text, StringComparison.Ordinal);
        Assert.Contains("It is gone.", text, StringComparison.Ordinal);
        Assert.Contains("native detail", text, StringComparison.Ordinal);
    }

    public static TheoryData<Exception, StorageErrorCode> Classifications => new()
    {
        { new StorageException(StorageErrorCode.Throttled, "slow down"), StorageErrorCode.Throttled },
        { new OperationCanceledException(), StorageErrorCode.Canceled },
        { new TaskCanceledException(), StorageErrorCode.Canceled },
        { new FileNotFoundException(), StorageErrorCode.NotFound },
        { new DirectoryNotFoundException(), StorageErrorCode.NotFound },
        { new UnauthorizedAccessException(), StorageErrorCode.PermissionDenied },
        { new PathTooLongException(), StorageErrorCode.InvalidArgument },
        { new TimeoutException(), StorageErrorCode.Timeout },
        { new HttpRequestException("refused"), StorageErrorCode.Unavailable },
        { new SocketException((int)SocketError.ConnectionRefused), StorageErrorCode.Unavailable },
        { new NotSupportedException(), StorageErrorCode.Unsupported },
        { new PlatformNotSupportedException(), StorageErrorCode.Unsupported },
        { new ArgumentException("bad"), StorageErrorCode.InvalidArgument },
        { new ArgumentNullException("name"), StorageErrorCode.InvalidArgument },
        { new ArgumentOutOfRangeException("name"), StorageErrorCode.InvalidArgument },
        // Disk-full codes are platform-specific (Win32 codes on Windows, errno elsewhere); see the dedicated test below.
        { new IOException("something else"), StorageErrorCode.Unknown },
        { new InvalidOperationException(), StorageErrorCode.Unknown },
        { new Exception(), StorageErrorCode.Unknown },
    };

    [Theory]
    [MemberData(nameof(Classifications))]
    public void Classify_maps_native_exceptions_to_codes(Exception exception, StorageErrorCode expected)
    {
        Assert.Equal(expected, StorageErrors.Classify(exception));
    }

    [Fact]
    public void Classify_does_not_call_a_non_empty_directory_a_full_disk()
    {
        // On Linux .NET reports ENOTEMPTY (39 = 0x27) as an IOException whose HResult is the raw errno; 0x27 is also
        // the low word of Windows' ERROR_HANDLE_DISK_FULL, so the two must not be confused.
        var directory = Directory.CreateTempSubdirectory("omni-core-tests-");
        try
        {
            File.WriteAllBytes(Path.Combine(directory.FullName, "child"), [1]);
            var error = Assert.Throws<IOException>(() => Directory.Delete(directory.FullName, recursive: false));

            Assert.NotEqual(StorageErrorCode.QuotaExceeded, StorageErrors.Classify(error));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Wrap_of_a_native_exception_names_backend_operation_path_and_keeps_it_inner()
    {
        var native = new UnauthorizedAccessException("Access to the path is denied.");

        var error = StorageErrors.Wrap(native, "file", "docs/report.pdf", "delete");

        Assert.Equal(StorageErrorCode.PermissionDenied, error.Code);
        Assert.Equal("file", error.Backend);
        Assert.Equal("docs/report.pdf", error.Path);
        Assert.Same(native, error.InnerException);
        Assert.Contains("file", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete", error.Message, StringComparison.Ordinal);
        Assert.Contains("'docs/report.pdf'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Access to the path is denied.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrap_of_a_storage_exception_returns_it_and_fills_only_what_is_missing()
    {
        var bare = new StorageException(StorageErrorCode.Conflict, "Busy.");
        var named = new StorageException(StorageErrorCode.Conflict, "Busy.", "origin", "origin/path");

        Assert.Same(bare, StorageErrors.Wrap(bare, "s3", "p", "write"));
        Assert.Equal(("s3", "p"), (bare.Backend, bare.Path));
        Assert.Same(named, StorageErrors.Wrap(named, "s3", "p", "write"));
        Assert.Equal(("origin", "origin/path"), (named.Backend, named.Path));
    }

    [Fact]
    public void Wrap_without_a_path_leaves_the_path_out_of_the_message()
    {
        var error = StorageErrors.Wrap(new TimeoutException("took too long"), "s3", null, "report usage");

        Assert.Null(error.Path);
        Assert.Equal(StorageErrorCode.Timeout, error.Code);
        Assert.True(error.IsRetryable);
        Assert.DoesNotContain("''", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_recognises_a_full_disk_by_the_platform_s_own_error_code()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Equal(StorageErrorCode.QuotaExceeded, StorageErrors.Classify(new IOException("disk full", unchecked((int)0x80070070))));
            Assert.Equal(StorageErrorCode.QuotaExceeded, StorageErrors.Classify(new IOException("handle disk full", unchecked((int)0x80070027))));
        }
        else
        {
            Assert.Equal(StorageErrorCode.QuotaExceeded, StorageErrors.Classify(new IOException("no space left on device", 28)));
            Assert.Equal(StorageErrorCode.QuotaExceeded, StorageErrors.Classify(new IOException("disk quota exceeded", 122)));
            Assert.Equal(StorageErrorCode.Unknown, StorageErrors.Classify(new IOException("directory not empty", 39)));
        }
    }
}
