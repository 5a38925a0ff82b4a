namespace Omnistorage.Backends.File.Tests;

/// <summary>Opening the backend through the registry, URIs and plain paths, and the facts it reports about itself.</summary>
public sealed class OpeningTests : FileBackendTestBase
{
    [Fact]
    public async Task A_file_uri_and_a_plain_path_both_open_the_file_backend()
    {
        await using var byUri = await Omni.Open("file://" + RootDirectory.Path);
        await using var byPath = await Omni.Open(RootDirectory.Path);

        Assert.Equal("file", byUri.Name);
        Assert.Equal("file", byPath.Name);
        Assert.Equal("file://" + RootDirectory.Path, byUri.Root);
        await byUri.WriteAllBytesAsync("via-uri.txt", new byte[] { 1 });
        Assert.True(await byPath.ExistsAsync("via-uri.txt"));
        Assert.True(System.IO.File.Exists(RootDirectory.Combine("via-uri.txt")));
    }

    [Theory]
    [InlineData("file:///srv/data", "/srv/data")]
    [InlineData("file:///", "/")]
    [InlineData("file://localhost/srv/data", "/srv/data")]
    [InlineData("file://~/backups", "~/backups")]
    [InlineData("file://./relative/dir", "./relative/dir")]
    [InlineData("file:///with%20space/x", "/with space/x")]
    public void File_uris_name_local_directories(string uri, string expectedRoot)
    {
        var (descriptor, options) = Omni.Resolve(uri);

        Assert.Equal("file", descriptor.Name);
        Assert.Equal(expectedRoot, options.GetString("root"));
        Assert.True(options.GetBoolean("create-root"));
    }

    [Fact]
    public void A_file_uri_with_a_remote_host_is_refused_off_windows()
    {
        if (OperatingSystem.IsWindows()) return;
        var exception = Assert.Throws<StorageException>(() => Omni.Resolve("file://server/share"));
        Assert.Equal(StorageErrorCode.InvalidArgument, exception.Code);
    }

    [Fact]
    public async Task The_create_root_option_decides_whether_a_missing_root_is_created()
    {
        var missing = RootDirectory.Combine("not", "yet");

        var exception = await Assert.ThrowsAsync<StorageException>(() =>
            Omni.Open(missing, new Dictionary<string, object?> { ["create-root"] = false }).AsTask());
        Assert.Equal(StorageErrorCode.NotFound, exception.Code);
        Assert.False(Directory.Exists(missing));

        await using var store = await Omni.Open($"file://{missing}?create-root=true");
        Assert.True(Directory.Exists(missing));
    }

    [Fact]
    public void A_file_as_the_root_is_refused()
    {
        var file = RootDirectory.Combine("plain.txt");
        System.IO.File.WriteAllText(file, "x");

        var exception = Assert.Throws<StorageException>(() => new FileBackend(file));
        Assert.Equal(StorageErrorCode.InvalidArgument, exception.Code);
    }

    [Fact]
    public void A_tilde_root_is_the_home_directory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var backend = new FileBackend(new FileBackendOptions { Root = "~", CreateRoot = false });

        Assert.Equal(Path.TrimEndingDirectorySeparator(Path.GetFullPath(home)), backend.LocalRoot);
    }

    [Fact]
    public void The_case_insensitivity_flag_matches_the_file_system()
    {
        var probe = RootDirectory.Combine($"Probe-{Guid.NewGuid():N}");
        System.IO.File.WriteAllText(probe, "x");
        var expected = System.IO.File.Exists(RootDirectory.Combine(Path.GetFileName(probe).ToUpperInvariant()));
        System.IO.File.Delete(probe);

        Assert.Equal(expected, Store.Features.IsCaseInsensitive);
        Assert.Empty(Directory.GetFileSystemEntries(RootDirectory.Path));
    }

    [Fact]
    public void The_features_describe_a_local_file_system()
    {
        var features = Store.Features;

        Assert.Equal("file", features.Name);
        Assert.True(features.CanHaveEmptyDirectories);
        Assert.False(features.IsBucketBased);
        Assert.Equal(TimeSpan.FromTicks(1), features.ModificationTimePrecision);
        Assert.True(features.CanServerSideCopy && features.CanServerSideMove && features.CanMoveDirectories && features.CanPurge);
        Assert.True(features.CanListRecursively && features.CanSetModificationTime && features.CanAbout && features.CanAppend);
        Assert.Equal(HashTypes.None, features.NativeHashes);
    }

    [Fact]
    public async Task About_reports_the_size_of_the_file_system()
    {
        var usage = await Store.AboutAsync();

        Assert.True(usage.Total > 0);
        Assert.InRange(usage.Free!.Value, 0, usage.Total!.Value);
        Assert.InRange(usage.Used!.Value, 0, usage.Total!.Value);
    }

    [Fact]
    public async Task Hashes_are_computed_by_reading_the_file()
    {
        await Store.WriteAllBytesAsync("abc.txt", "abc"u8.ToArray());

        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", await Store.GetHashAsync("abc.txt", HashType.Md5));
    }

    [Fact]
    public async Task The_local_path_of_an_object_lies_in_the_root()
    {
        Assert.Equal(RootDirectory.Combine("a", "b.txt"), Backend.GetLocalPath("a/b.txt"));
        Directory.CreateSymbolicLink(RootDirectory.Combine("out"), OutsideDirectory.Path);
        var exception = Assert.Throws<StorageException>(() => Backend.GetLocalPath("out/x"));
        Assert.Equal(StorageErrorCode.PermissionDenied, exception.Code);
        await Task.CompletedTask;
    }
}
