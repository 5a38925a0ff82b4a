namespace Omnistorage.Core.Tests;

public sealed class StorageUriTests
{
    [Fact]
    public void Parse_splits_scheme_authority_decoded_path_and_query()
    {
        var uri = StorageUri.Parse("s3://bucket/prefix/a%20b?region=eu-west-1&x");

        Assert.Equal("s3", uri.Scheme);
        Assert.Equal("bucket", uri.Authority);
        Assert.Equal("prefix/a b", uri.Path);
        Assert.Equal("eu-west-1", uri.Query["region"]);
        Assert.Equal("true", uri.Query["x"]);
        Assert.Equal(2, uri.Query.Count);
    }

    [Fact]
    public void Parse_of_a_file_uri_has_an_empty_authority_and_the_path_without_its_leading_slash()
    {
        var uri = StorageUri.Parse("file:///data");

        Assert.Equal("file", uri.Scheme);
        Assert.Equal(string.Empty, uri.Authority);
        Assert.Equal("data", uri.Path);
        Assert.Empty(uri.Query);
    }

    [Fact]
    public void Parse_of_a_bare_authority_has_an_empty_path()
    {
        var uri = StorageUri.Parse("memory://name");

        Assert.Equal("memory", uri.Scheme);
        Assert.Equal("name", uri.Authority);
        Assert.Equal(string.Empty, uri.Path);
    }

    [Theory]
    [InlineData("s3://bucket/key#fragment", "key")]
    [InlineData("s3://bucket/key?region=x#fragment", "key")]
    [InlineData("s3://bucket/#", "")]
    public void Parse_drops_the_fragment(string text, string expectedPath)
    {
        var uri = StorageUri.Parse(text);

        Assert.Equal("bucket", uri.Authority);
        Assert.Equal(expectedPath, uri.Path);
        Assert.DoesNotContain(uri.Query.Values, v => v.Contains('#', StringComparison.Ordinal) || v.Contains("fragment", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_lowercases_the_scheme_but_keeps_the_authority_and_path_as_written()
    {
        var uri = StorageUri.Parse("S3://MyBucket/Some/Key.TXT");

        Assert.Equal("s3", uri.Scheme);
        Assert.Equal("MyBucket", uri.Authority);
        Assert.Equal("Some/Key.TXT", uri.Path);
    }

    [Fact]
    public void Parse_decodes_query_values_and_keys()
    {
        var uri = StorageUri.Parse("sftp://user@host:2222/home?key%2Dfile=%2Fetc%2Fkey&label=a+b&empty=");

        Assert.Equal("user@host:2222", uri.Authority);
        Assert.Equal("/etc/key", uri.Query["key-file"]);
        Assert.Equal("a b", uri.Query["label"]);
        Assert.Equal(string.Empty, uri.Query["empty"]);
    }

    [Fact]
    public void Parse_matches_query_keys_case_insensitively()
    {
        var uri = StorageUri.Parse("s3://bucket?Region=eu-west-1");

        Assert.Equal("eu-west-1", uri.Query["region"]);
        Assert.Equal(string.Empty, uri.Path);
    }

    [Theory]
    [InlineData("s3://bucket")]
    [InlineData("memory://x")]
    [InlineData("file:///")]
    [InlineData("azure-blob://account/container")]
    [InlineData("git+ssh://host/repo")]
    [InlineData("s3.compat://b")]
    [InlineData("x1://y")]
    public void LooksLikeUri_accepts_scheme_colon_slash_slash(string text)
    {
        Assert.True(StorageUri.LooksLikeUri(text));
    }

    [Theory]
    [InlineData(@"C:\x")]
    [InlineData(@"C:\dir\file://odd")]
    [InlineData("/x")]
    [InlineData("/x://y")]
    [InlineData("name")]
    [InlineData("")]
    [InlineData("://nothing")]
    [InlineData("1s3://bucket")]
    [InlineData("-s3://bucket")]
    [InlineData("s 3://bucket")]
    [InlineData("s3:/bucket")]
    [InlineData("./rel://x")]
    public void LooksLikeUri_rejects_paths_and_names(string text)
    {
        Assert.False(StorageUri.LooksLikeUri(text));
    }

    [Theory]
    [InlineData("/data")]
    [InlineData("name")]
    [InlineData(@"C:\x")]
    public void Parse_rejects_text_that_is_not_a_uri(string text)
    {
        var error = Assert.Throws<StorageException>(() => StorageUri.Parse(text));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void ToString_shows_scheme_authority_and_path()
    {
        Assert.Equal("s3://bucket/prefix/key", StorageUri.Parse("s3://bucket/prefix/key?region=x").ToString());
    }
}
