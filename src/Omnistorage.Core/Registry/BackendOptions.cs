using System.Globalization;

namespace Omnistorage;

/// <summary>
/// The validated, typed option values a backend factory receives: every value has been checked against its
/// <see cref="BackendOptionDescriptor"/>, defaults and environment variables applied. Secret values are held here but
/// never appear in <see cref="ToString"/>.
/// </summary>
public sealed class BackendOptions
{
    private readonly Dictionary<string, object?> _values;

    internal BackendOptions(BackendDescriptor descriptor, Dictionary<string, object?> values)
    {
        Descriptor = descriptor;
        _values = values;
    }

    public BackendDescriptor Descriptor { get; }

    /// <summary>The option names that have a value (given, from the environment, or a default).</summary>
    public IEnumerable<string> Names => _values.Keys;

    public bool Has(string name) => _values.TryGetValue(Find(name).Name, out var value) && value is not null;

    public string? GetString(string name) => (string?)Get(name);

    public string GetRequiredString(string name) =>
        GetString(name) is { Length: > 0 } value
            ? value
            : throw new StorageException(StorageErrorCode.InvalidArgument, $"The {Descriptor.Name} backend needs the option '{Find(name).Name}'.", Descriptor.Name);

    public long GetInt64(string name, long fallback = 0) => Get(name) is long value ? value : fallback;

    public bool GetBoolean(string name, bool fallback = false) => Get(name) is bool value ? value : fallback;

    public TimeSpan GetDuration(string name, TimeSpan fallback) => Get(name) is TimeSpan value ? value : fallback;

    public object? Get(string name) => _values.TryGetValue(Find(name).Name, out var value) ? value : null;

    /// <summary>Describes the options with secrets masked.</summary>
    public override string ToString() =>
        string.Join(", ", _values.Select(kv => $"{kv.Key}={(Find(kv.Key).IsSecret ? "***" : System.Convert.ToString(kv.Value, CultureInfo.InvariantCulture))}"));

    private BackendOptionDescriptor Find(string name) =>
        Descriptor.FindOption(name) ?? throw new ArgumentException($"The {Descriptor.Name} backend declares no option '{name}'.", nameof(name));

    /// <summary>
    /// Validates raw values (strings or already-typed objects) against <paramref name="descriptor"/>, applies
    /// environment variables and defaults, and checks required options. Unknown options and unparsable values are
    /// <see cref="StorageErrorCode.InvalidArgument"/> errors naming the backend and the option (never the secret value).
    /// </summary>
    public static BackendOptions Create(BackendDescriptor descriptor, IEnumerable<KeyValuePair<string, object?>>? values,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        environment ??= Environment.GetEnvironmentVariable;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, raw) in values ?? [])
        {
            var option = descriptor.FindOption(name) ?? throw new StorageException(StorageErrorCode.InvalidArgument,
                $"The {descriptor.Name} backend has no option '{name}'. Valid options: {string.Join(", ", descriptor.Options.Select(o => o.Name))}.",
                descriptor.Name);
            if (raw is not null)
            {
                result[option.Name] = Convert(descriptor, option, raw);
            }
        }

        foreach (var option in descriptor.Options)
        {
            if (result.ContainsKey(option.Name)) continue;
            if (option.EnvironmentVariable is { } variable && environment(variable) is { Length: > 0 } fromEnvironment)
            {
                result[option.Name] = Convert(descriptor, option, fromEnvironment, $" (from environment variable {variable})");
            }
            else if (option.Default is not null)
            {
                result[option.Name] = option.Default;
            }
            else if (option.IsRequired)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument,
                    $"The {descriptor.Name} backend needs the option '{option.Name}' ({option.Help}).", descriptor.Name);
            }
        }

        return new BackendOptions(descriptor, result);
    }

    private static object Convert(BackendDescriptor descriptor, BackendOptionDescriptor option, object raw, string source = "")
    {
        try
        {
            return option.Type switch
            {
                BackendOptionType.String => raw as string ?? System.Convert.ToString(raw, CultureInfo.InvariantCulture)!,
                BackendOptionType.Integer => raw is string s ? long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : System.Convert.ToInt64(raw, CultureInfo.InvariantCulture),
                BackendOptionType.Boolean => raw is string b ? ParseBoolean(b) : System.Convert.ToBoolean(raw, CultureInfo.InvariantCulture),
                BackendOptionType.Size => raw is string z ? OptionParsers.ParseSize(z) : System.Convert.ToInt64(raw, CultureInfo.InvariantCulture),
                BackendOptionType.Duration => raw switch
                {
                    TimeSpan t => t,
                    string d => OptionParsers.ParseDuration(d),
                    _ => TimeSpan.FromSeconds(System.Convert.ToDouble(raw, CultureInfo.InvariantCulture)),
                },
                BackendOptionType.Choice => ParseChoice(option, System.Convert.ToString(raw, CultureInfo.InvariantCulture) ?? string.Empty),
                _ => throw new InvalidOperationException($"Unknown option type {option.Type}."),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            var shown = option.IsSecret ? "(secret value)" : $"'{raw}'";
            throw new StorageException(StorageErrorCode.InvalidArgument,
                $"The {descriptor.Name} backend's option '{option.Name}' expects {Describe(option)}, not {shown}{source}.", descriptor.Name,
                innerException: option.IsSecret ? null : ex);
        }
    }

    private static string Describe(BackendOptionDescriptor option) => option.Type switch
    {
        BackendOptionType.Integer => "a whole number",
        BackendOptionType.Boolean => "true or false",
        BackendOptionType.Size => "a size such as 512, 64k, 16M or 1G",
        BackendOptionType.Duration => "a duration such as 30s, 5m or 1h30m",
        BackendOptionType.Choice => "one of " + string.Join(", ", option.AllowedValues ?? []),
        _ => "text",
    };

    private static bool ParseBoolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new FormatException($"'{text}' is not a boolean."),
    };

    private static string ParseChoice(BackendOptionDescriptor option, string text)
    {
        var match = option.AllowedValues?.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new FormatException($"'{text}' is not an allowed value.");
    }
}

/// <summary>Parsers for the size and duration notations used by options, filters and the CLI (rclone-compatible).</summary>
public static class OptionParsers
{
    /// <summary>Parses <c>512</c>, <c>64k</c>, <c>16M</c>, <c>1.5G</c>, <c>2T</c>, <c>1P</c> (binary multiples; optional trailing <c>B</c>/<c>iB</c>; <c>off</c> = -1).</summary>
    public static long ParseSize(string text)
    {
        var value = text.Trim();
        if (value.Equals("off", StringComparison.OrdinalIgnoreCase)) return -1;
        if (value.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) value = value[..^2];
        else if (value.Length > 1 && (value[^1] is 'B' or 'b') && char.IsLetter(value[^2])) value = value[..^1];
        long multiplier = 1;
        if (value.Length > 0 && char.IsLetter(value[^1]))
        {
            multiplier = char.ToUpperInvariant(value[^1]) switch
            {
                'B' => 1,
                'K' => 1L << 10,
                'M' => 1L << 20,
                'G' => 1L << 30,
                'T' => 1L << 40,
                'P' => 1L << 50,
                _ => throw new FormatException($"Unknown size suffix in '{text}'."),
            };
            value = value[..^1];
        }

        var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (number < 0 || double.IsNaN(number)) throw new FormatException($"'{text}' is not a size.");
        return checked((long)Math.Round(number * multiplier));
    }

    /// <summary>Parses <c>1h30m</c>, <c>45s</c>, <c>250ms</c>, <c>2d</c>, <c>1w</c>, <c>1y</c>, <c>00:05:00</c> or plain seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var value = text.Trim();
        if (value.StartsWith('-')) throw new FormatException($"'{text}' is negative; durations must be zero or more.");
        if (value.Contains(':', StringComparison.Ordinal)) return TimeSpan.Parse(value, CultureInfo.InvariantCulture);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        var total = TimeSpan.Zero;
        var i = 0;
        var any = false;
        while (i < value.Length)
        {
            var start = i;
            while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.')) i++;
            if (start == i) throw new FormatException($"'{text}' is not a duration.");
            var number = double.Parse(value.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < value.Length && char.IsAsciiLetter(value[i])) i++;
            var unit = value[unitStart..i].ToLowerInvariant();
            total += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                "d" => TimeSpan.FromDays(number),
                "w" => TimeSpan.FromDays(7 * number),
                "y" => TimeSpan.FromDays(365 * number),
                _ => throw new FormatException($"Unknown duration unit '{unit}' in '{text}'."),
            };
            any = true;
        }

        return any ? total : throw new FormatException($"'{text}' is not a duration.");
    }
}
