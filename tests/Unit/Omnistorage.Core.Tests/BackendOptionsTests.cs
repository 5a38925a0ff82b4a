namespace Omnistorage.Core.Tests;

public sealed class BackendOptionsTests
{
    private const string SecretValue = "hunter2-do-not-print";

    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static readonly BackendDescriptor Descriptor = new()
    {
        Name = "options-under-test",
        Description = "A descriptor with one option of every type.",
        Factory = static (_, _) => throw new InvalidOperationException("These tests never open the backend."),
        Options =
        [
            new BackendOptionDescriptor("endpoint", BackendOptionType.String, "The service URL."),
            new BackendOptionDescriptor("max-connections", BackendOptionType.Integer, "Parallel connections.") { Default = 4L, EnvironmentVariable = "OMNI_TEST_MAX_CONNECTIONS" },
            new BackendOptionDescriptor("use-ssl", BackendOptionType.Boolean, "Use TLS.") { Default = true },
            new BackendOptionDescriptor("chunk-size", BackendOptionType.Size, "Upload part size.") { Default = 8L << 20 },
            new BackendOptionDescriptor("timeout", BackendOptionType.Duration, "Request timeout.") { Default = TimeSpan.FromSeconds(30) },
            new BackendOptionDescriptor("storage-class", BackendOptionType.Choice, "Storage class.") { AllowedValues = ["STANDARD", "GLACIER", "DEEP_ARCHIVE"] },
            new BackendOptionDescriptor("region", BackendOptionType.String, "Region.") { Default = "us-east-1", EnvironmentVariable = "OMNI_TEST_REGION" },
            new BackendOptionDescriptor("secret-key", BackendOptionType.String, "The secret key.") { IsSecret = true, EnvironmentVariable = "OMNI_TEST_SECRET_KEY" },
            new BackendOptionDescriptor("pin", BackendOptionType.Integer, "A numeric secret.") { IsSecret = true, EnvironmentVariable = "OMNI_TEST_PIN" },
            new BackendOptionDescriptor("unlock", BackendOptionType.Boolean, "A secret switch.") { IsSecret = true },
        ],
    };

    private static readonly BackendDescriptor RequiringDescriptor = new()
    {
        Name = "requiring-backend",
        Description = "A descriptor with a required option.",
        Factory = static (_, _) => throw new InvalidOperationException("These tests never open the backend."),
        Options =
        [
            new BackendOptionDescriptor("bucket", BackendOptionType.String, "The bucket to use") { IsRequired = true, EnvironmentVariable = "OMNI_REQ_BUCKET" },
        ],
    };

    private static BackendOptions Create(params (string Name, object? Value)[] values) =>
        BackendOptions.Create(Descriptor, values.Select(v => KeyValuePair.Create(v.Name, v.Value)), NoEnvironment);

    private static BackendOptions CreateWithEnvironment(Dictionary<string, string> environment, params (string Name, object? Value)[] values) =>
        BackendOptions.Create(Descriptor, values.Select(v => KeyValuePair.Create(v.Name, v.Value)), name => environment.GetValueOrDefault(name));

    [Theory]
    [InlineData("42", 42L)]
    [InlineData(" 7 ", 7L)]
    [InlineData("-3", -3L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Integer_options_parse_text(string text, long expected)
    {
        Assert.Equal(expected, Create(("max-connections", text)).GetInt64("max-connections"));
    }

    [Fact]
    public void Integer_options_accept_typed_numbers()
    {
        Assert.Equal(12L, Create(("max-connections", 12)).Get("max-connections"));
        Assert.Equal(13L, Create(("max-connections", (byte)13)).Get("max-connections"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData(" Yes ", true)]
    [InlineData("on", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    public void Boolean_options_accept_the_usual_spellings(string text, bool expected)
    {
        Assert.Equal(expected, Create(("use-ssl", text)).GetBoolean("use-ssl", fallback: !expected));
    }

    [Fact]
    public void Boolean_options_accept_typed_booleans()
    {
        Assert.False(Assert.IsType<bool>(Create(("use-ssl", false)).Get("use-ssl")));
        Assert.True(Assert.IsType<bool>(Create(("use-ssl", 1)).Get("use-ssl")));
    }

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("64k", 64L << 10)]
    [InlineData("64K", 64L << 10)]
    [InlineData("16M", 16L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("2T", 2L << 40)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("16MiB", 16L << 20)]
    [InlineData("64kB", 64L << 10)]
    public void Size_options_parse_binary_suffixes(string text, long expected)
    {
        Assert.Equal(expected, Create(("chunk-size", text)).Get("chunk-size"));
    }

    [Fact]
    public void Size_options_accept_typed_numbers()
    {
        Assert.Equal(1024L, Create(("chunk-size", 1024)).Get("chunk-size"));
    }

    [Theory]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("250ms", 0.25)]
    [InlineData("00:05:00", 300)]
    [InlineData("45", 45)]
    [InlineData("45s", 45)]
    public void Duration_options_parse_the_usual_notations(string text, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Create(("timeout", text)).GetDuration("timeout", TimeSpan.Zero));
    }

    [Fact]
    public void Duration_options_accept_time_spans_and_numbers_of_seconds()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), Create(("timeout", TimeSpan.FromMinutes(2))).Get("timeout"));
        Assert.Equal(TimeSpan.FromSeconds(30), Create(("timeout", 30)).Get("timeout"));
        Assert.Equal(TimeSpan.FromSeconds(1.5), Create(("timeout", 1.5)).Get("timeout"));
    }

    [Theory]
    [InlineData("glacier", "GLACIER")]
    [InlineData("Standard", "STANDARD")]
    [InlineData("deep_archive", "DEEP_ARCHIVE")]
    public void Choice_options_match_case_insensitively_and_return_the_declared_spelling(string text, string expected)
    {
        Assert.Equal(expected, Create(("storage-class", text)).GetString("storage-class"));
    }

    [Fact]
    public void A_value_outside_the_choices_lists_the_allowed_values()
    {
        var error = Assert.Throws<StorageException>(() => Create(("storage-class", "cold")));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("storage-class", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cold'", error.Message, StringComparison.Ordinal);
        Assert.Contains("STANDARD, GLACIER, DEEP_ARCHIVE", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max-connections", "many")]
    [InlineData("max-connections", "1.5")]
    [InlineData("max-connections", "99999999999999999999")]
    [InlineData("use-ssl", "maybe")]
    [InlineData("chunk-size", "12X")]
    [InlineData("chunk-size", "-1M")]
    [InlineData("timeout", "soon")]
    [InlineData("timeout", "5 parsecs")]
    public void An_invalid_value_names_the_backend_the_option_and_the_value(string option, string value)
    {
        var error = Assert.Throws<StorageException>(() => Create((option, value)));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal(Descriptor.Name, error.Backend);
        Assert.Contains(Descriptor.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{option}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_names_the_backend_the_option_and_the_valid_ones()
    {
        var error = Assert.Throws<StorageException>(() => Create(("max-conections", "4")));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal(Descriptor.Name, error.Backend);
        Assert.Contains(Descriptor.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("'max-conections'", error.Message, StringComparison.Ordinal);
        foreach (var option in Descriptor.Options)
        {
            Assert.Contains(option.Name, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("MAX-CONNECTIONS")]
    [InlineData("max_connections")]
    [InlineData("MaxConnections")]
    public void Option_names_ignore_case_and_treat_dash_and_underscore_alike(string name)
    {
        var options = Create((name, "9"));

        Assert.Equal(9L, options.GetInt64("max-connections"));
        Assert.Equal(9L, options.GetInt64(name));
    }

    [Theory]
    [InlineData("pin", SecretValue)]
    [InlineData("unlock", SecretValue)]
    public void An_invalid_secret_value_never_appears_in_the_error(string option, string value)
    {
        var error = Assert.Throws<StorageException>(() => Create((option, value)));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{option}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, error.ToString(), StringComparison.Ordinal);
        for (Exception? inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            Assert.DoesNotContain(SecretValue, inner.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_invalid_secret_from_the_environment_names_the_variable_but_not_the_value()
    {
        var error = Assert.Throws<StorageException>(() => CreateWithEnvironment(new() { ["OMNI_TEST_PIN"] = SecretValue }));

        Assert.Contains("OMNI_TEST_PIN", error.Message, StringComparison.Ordinal);
        Assert.Contains("'pin'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_value_from_the_environment_names_the_variable()
    {
        var error = Assert.Throws<StorageException>(() => CreateWithEnvironment(new() { ["OMNI_TEST_MAX_CONNECTIONS"] = "lots" }));

        Assert.Contains("OMNI_TEST_MAX_CONNECTIONS", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lots'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_masks_secret_values()
    {
        var options = Create(("secret-key", SecretValue), ("endpoint", "https://s3.example.test"));

        var text = options.ToString();

        Assert.DoesNotContain(SecretValue, text, StringComparison.Ordinal);
        Assert.Contains("secret-key=***", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=https://s3.example.test", text, StringComparison.Ordinal);
        Assert.Equal(SecretValue, options.GetString("secret-key"));
    }

    [Fact]
    public void Environment_variables_fill_options_that_were_not_given()
    {
        var options = CreateWithEnvironment(new()
        {
            ["OMNI_TEST_REGION"] = "eu-west-1",
            ["OMNI_TEST_MAX_CONNECTIONS"] = "16",
            ["OMNI_TEST_SECRET_KEY"] = SecretValue,
        });

        Assert.Equal("eu-west-1", options.GetString("region"));
        Assert.Equal(16L, options.GetInt64("max-connections"));
        Assert.Equal(SecretValue, options.GetString("secret-key"));
    }

    [Fact]
    public void Explicit_values_win_over_the_environment_which_wins_over_defaults()
    {
        var environment = new Dictionary<string, string> { ["OMNI_TEST_REGION"] = "eu-west-1", ["OMNI_TEST_MAX_CONNECTIONS"] = "16" };

        var options = CreateWithEnvironment(environment, ("region", "ap-south-1"));

        Assert.Equal("ap-south-1", options.GetString("region"));
        Assert.Equal(16L, options.GetInt64("max-connections"));
        Assert.True(Assert.IsType<bool>(options.Get("use-ssl")));
    }

    [Fact]
    public void An_empty_environment_variable_is_ignored()
    {
        var options = CreateWithEnvironment(new() { ["OMNI_TEST_REGION"] = string.Empty });

        Assert.Equal("us-east-1", options.GetString("region"));
    }

    [Fact]
    public void The_process_environment_is_read_when_no_lookup_is_injected()
    {
        var variable = "OMNI_CORE_TESTS_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        var descriptor = Descriptor with
        {
            Options = [new BackendOptionDescriptor("token", BackendOptionType.String, "A token.") { EnvironmentVariable = variable }],
        };
        Environment.SetEnvironmentVariable(variable, "from-process");
        try
        {
            Assert.Equal("from-process", BackendOptions.Create(descriptor, null).GetString("token"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Defaults_apply_to_options_not_given()
    {
        var options = Create();

        Assert.Equal(4L, options.Get("max-connections"));
        Assert.True(Assert.IsType<bool>(options.Get("use-ssl")));
        Assert.Equal(8L << 20, options.Get("chunk-size"));
        Assert.Equal(TimeSpan.FromSeconds(30), options.Get("timeout"));
        Assert.Equal("us-east-1", options.GetString("region"));
        Assert.True(options.Has("region"));
        Assert.False(options.Has("endpoint"));
        Assert.Null(options.Get("endpoint"));
        Assert.Equal(
            ["chunk-size", "max-connections", "region", "timeout", "use-ssl"],
            options.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_null_value_counts_as_not_given()
    {
        var options = Create(("region", null));

        Assert.Equal("us-east-1", options.GetString("region"));
    }

    [Fact]
    public void Typed_getters_fall_back_when_the_option_has_no_value()
    {
        var options = Create();

        Assert.Equal(-5L, options.GetInt64("pin", -5));
        Assert.True(options.GetBoolean("unlock", fallback: true));
        Assert.Equal(TimeSpan.FromSeconds(30), options.GetDuration("timeout", TimeSpan.Zero));
    }

    [Fact]
    public void Getting_an_undeclared_option_is_an_argument_error()
    {
        var options = Create();

        var error = Assert.Throws<ArgumentException>(() => options.Get("not-declared"));
        Assert.Contains("not-declared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_option_names_the_backend_and_the_option()
    {
        var error = Assert.Throws<StorageException>(() => BackendOptions.Create(RequiringDescriptor, null, NoEnvironment));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Equal(RequiringDescriptor.Name, error.Backend);
        Assert.Contains("requiring-backend", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bucket'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_option_can_come_from_the_environment()
    {
        var options = BackendOptions.Create(RequiringDescriptor, null, name => name == "OMNI_REQ_BUCKET" ? "from-env" : null);

        Assert.Equal("from-env", options.GetRequiredString("bucket"));
    }

    [Fact]
    public void GetRequiredString_of_an_option_without_value_is_invalid_argument()
    {
        var options = Create();

        var error = Assert.Throws<StorageException>(() => options.GetRequiredString("endpoint"));

        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'endpoint'", error.Message, StringComparison.Ordinal);
    }
}
