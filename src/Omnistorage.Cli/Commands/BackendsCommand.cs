using System.Globalization;

namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni backends</c>.</summary>
/// <param name="Json">Print a JSON array instead of text.</param>
internal sealed record BackendsSettings(bool Json = false);

/// <summary>
/// <c>omni backends</c>: every registered backend with its URI schemes and options (type, default, environment
/// variable, whether required). Secret options are marked; no value of a secret option is ever printed.
/// </summary>
internal sealed class BackendsCommand(CliConsole console)
{
    public Task<int> ExecuteAsync(BackendsSettings settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var backends = BackendRegistry.All;
        if (settings.Json) WriteJson(backends);
        else WriteText(backends);
        return Task.FromResult(ExitCodes.Success);
    }

    private void WriteText(IReadOnlyList<BackendDescriptor> backends)
    {
        var output = console.Out;
        output.WriteLine("Options are given as URI query values (file:///data?create-root=false) or environment variables.");
        output.WriteLine();
        foreach (var backend in backends)
        {
            var schemes = backend.Schemes.Count == 0 ? "no URI scheme" : string.Join(", ", backend.Schemes.Select(s => s + "://"));
            output.WriteLine($"{backend.Name} ({schemes})");
            output.WriteLine($"  {backend.Description}");
            foreach (var option in backend.Options)
            {
                var facts = new List<string> { TypeName(option.Type) };
                if (option.IsRequired) facts.Add("required");
                if (option.IsSecret) facts.Add("secret");
                if (DefaultText(option) is { } defaultText) facts.Add("default " + defaultText);
                if (option.EnvironmentVariable is { } variable) facts.Add("env " + variable);
                if (option.AllowedValues is { Count: > 0 } allowed) facts.Add("one of " + string.Join("|", allowed));
                output.WriteLine($"    {option.Name} ({string.Join(", ", facts)})");
                output.WriteLine($"        {option.Help}");
            }

            output.WriteLine();
        }
    }

    private void WriteJson(IReadOnlyList<BackendDescriptor> backends)
    {
        var json = new JsonOutput(console.Out);
        json.BeginArray();
        foreach (var backend in backends)
        {
            json.WriteElement(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("Name", backend.Name);
                writer.WriteStartArray("Schemes");
                foreach (var scheme in backend.Schemes) writer.WriteStringValue(scheme);
                writer.WriteEndArray();
                writer.WriteString("Description", backend.Description);
                writer.WriteStartArray("Options");
                foreach (var option in backend.Options)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Name", option.Name);
                    writer.WriteString("Type", TypeName(option.Type));
                    writer.WriteString("Help", option.Help);
                    writer.WriteBoolean("Required", option.IsRequired);
                    writer.WriteBoolean("Secret", option.IsSecret);
                    if (DefaultText(option) is { } defaultText) writer.WriteString("Default", defaultText);
                    if (option.EnvironmentVariable is { } variable) writer.WriteString("EnvironmentVariable", variable);
                    if (option.AllowedValues is { Count: > 0 } allowed)
                    {
                        writer.WriteStartArray("AllowedValues");
                        foreach (var value in allowed) writer.WriteStringValue(value);
                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }

        json.EndArray();
    }

    private static string TypeName(BackendOptionType type) => type.ToString().ToLowerInvariant();

    /// <summary>The default as text, or null when there is none or the option is secret (a secret's default is never shown).</summary>
    private static string? DefaultText(BackendOptionDescriptor option) => option switch
    {
        { IsSecret: true } or { Default: null or "" } => null,
        { Default: bool flag } => flag ? "true" : "false",
        { Default: TimeSpan duration } => duration.ToString("c", CultureInfo.InvariantCulture),
        _ => Convert.ToString(option.Default, CultureInfo.InvariantCulture),
    };
}
