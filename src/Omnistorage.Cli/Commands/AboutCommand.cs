namespace Omnistorage.Cli.Commands;

/// <summary>Settings of <c>omni about</c>.</summary>
/// <param name="Remote">Any location in the store to report on.</param>
/// <param name="Json">Print a JSON object (rclone about --json field names) instead of text.</param>
internal sealed record AboutSettings(string Remote, bool Json = false);

/// <summary>
/// <c>omni about REMOTE</c>: the quota and usage the backend reports (total, used, free, trashed, objects). Values the
/// service does not give are left out; a backend with no usage report at all is an error.
/// </summary>
internal sealed class AboutCommand(CliConsole console)
{
    public async Task<int> ExecuteAsync(AboutSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await Remote.Parse(settings.Remote).OpenRootAsync(createRoot: false, cancellationToken).ConfigureAwait(false);
        var usage = await store.AboutAsync(cancellationToken).ConfigureAwait(false);
        (string Name, long? Value, bool IsBytes)[] fields =
        [
            ("total", usage.Total, true),
            ("used", usage.Used, true),
            ("free", usage.Free, true),
            ("trashed", usage.Trashed, true),
            ("objects", usage.Objects, false),
        ];
        if (settings.Json)
        {
            new JsonOutput(console.Out).WriteDocument(json =>
            {
                json.WriteStartObject();
                foreach (var (name, value, _) in fields)
                {
                    if (value is { } known) json.WriteNumber(name, known);
                }

                json.WriteEndObject();
            });
            return ExitCodes.Success;
        }

        foreach (var (name, value, isBytes) in fields)
        {
            if (value is not { } known) continue;
            var label = (char.ToUpperInvariant(name[0]) + name[1..] + ":").PadRight(9);
            console.Out.WriteLine(isBytes ? $"{label}{Formatting.HumanSize(known)} ({known} bytes)" : $"{label}{known}");
        }

        return ExitCodes.Success;
    }
}
