using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Omnistorage.Cli.Commands;
using Omnistorage.Sync;

namespace Omnistorage.Cli;

/// <summary>
/// The filter flags shared by <c>copy</c>, <c>sync</c>, <c>move</c>, <c>check</c> and <c>dedupe</c>, declared once.
/// Each command gets its own instance (an option belongs to one command); values are read as text and compiled by
/// <see cref="FilterSettings.Build"/> in the handler, so bad patterns carry Core's message.
/// </summary>
internal sealed class FilterOptionSet
{
    private readonly Option<string[]> _include = Repeatable("--include", "Include files matching this pattern (repeatable; implies excluding everything else).");
    private readonly Option<string[]> _exclude = Repeatable("--exclude", "Exclude files matching this pattern (repeatable).");
    private readonly Option<string[]> _filter = Repeatable("--filter", "A filter rule, '+ pattern', '- pattern' or '!' (repeatable).");
    private readonly Option<string[]> _filterFrom = Repeatable("--filter-from", "Read filter rules from this local file (repeatable).");
    private readonly Option<string> _minSize = new("--min-size") { Description = "Only files at least this large (bytes, or with a suffix K, M, G...)." };
    private readonly Option<string> _maxSize = new("--max-size") { Description = "Only files at most this large (bytes, or with a suffix K, M, G...)." };
    private readonly Option<string> _minAge = new("--min-age") { Description = "Only files at least this old (a duration such as 7d, or a date)." };
    private readonly Option<string> _maxAge = new("--max-age") { Description = "Only files at most this old (a duration such as 24h, or a date)." };

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[_include, _exclude, _filter, _filterFrom, _minSize, _maxSize, _minAge, _maxAge]) command.Options.Add(option);
    }

    public FilterSettings Read(ParseResult result) => new()
    {
        Include = result.GetValue(_include) ?? [],
        Exclude = result.GetValue(_exclude) ?? [],
        FilterRules = result.GetValue(_filter) ?? [],
        FilterFiles = result.GetValue(_filterFrom) ?? [],
        MinSize = result.GetValue(_minSize),
        MaxSize = result.GetValue(_maxSize),
        MinAge = result.GetValue(_minAge),
        MaxAge = result.GetValue(_maxAge),
    };

    private static Option<string[]> Repeatable(string name, string description) =>
        // One value per occurrence, so that "--include a b" never takes the remote b as a second pattern.
        new(name) { Description = description, AllowMultipleArgumentsPerToken = false };
}

/// <summary>
/// The flags of the engine-backed transfers (<c>copy</c>, <c>sync</c>, <c>move</c>), declared once, as rclone shares
/// them. The delete-timing flags exist only on <c>sync</c> and <c>--delete-empty-src-dirs</c> only on <c>move</c>, where
/// they mean something.
/// </summary>
internal sealed class TransferOptionSet
{
    private readonly SyncMode _mode;
    private readonly FilterOptionSet _filters = new();
    private readonly Option<bool> _dryRun = CliApplication.DryRunOption();
    private readonly Option<bool> _checksum = new("--checksum", "-c") { Description = "Compare sizes and hashes instead of sizes and modification times." };
    private readonly Option<bool> _sizeOnly = new("--size-only") { Description = "Compare sizes only." };
    private readonly Option<bool> _update = new("--update", "-u") { Description = "Skip files that are newer at the destination." };
    private readonly Option<bool> _ignoreExisting = new("--ignore-existing") { Description = "Skip every file that already exists at the destination." };
    private readonly Option<bool> _ignoreTimes = new("--ignore-times", "-I") { Description = "Transfer every file, changed or not." };
    private readonly Option<int> _transfers = CountOption("--transfers", "How many files are copied at the same time.", TransferSettings.DefaultTransfers);
    private readonly Option<int> _checkers = CountOption("--checkers", "How many files are compared at the same time.", TransferSettings.DefaultCheckers);
    private readonly Option<string> _bandwidthLimit = new("--bwlimit") { Description = "A bandwidth limit shared by all transfers: 10M, UP:DOWN (10M:1M) or a timetable (\"08:00,512k 23:00,off\")." };
    private readonly Option<long> _maxDelete = new("--max-delete") { Description = "Stop deleting (an error) once more than this many files would be deleted (-1: no limit).", DefaultValueFactory = _ => -1 };
    private readonly Option<string> _maxDeleteSize = new("--max-delete-size") { Description = "Stop deleting (an error) once more than this many bytes would be deleted (10M, 1G...)." };
    private readonly Option<string> _backupDirectory = new("--backup-dir") { Description = "A remote on the destination's store that receives, at their paths, the files that would be overwritten or deleted." };
    private readonly Option<string> _suffix = new("--suffix") { Description = "Appended to the names of files moved into --backup-dir." };
    private readonly Option<bool> _deleteBefore = new("--delete-before") { Description = "Delete destination-only files before transferring." };
    private readonly Option<bool> _deleteDuring = new("--delete-during") { Description = "Delete destination-only files while transferring." };
    private readonly Option<bool> _deleteAfter = new("--delete-after") { Description = "Delete destination-only files after all transfers succeeded (the default)." };
    private readonly Option<int> _retries = new("--retries") { Description = "Run the whole operation again this many times after retryable errors.", DefaultValueFactory = _ => TransferSettings.DefaultRetries };
    private readonly Option<bool> _deleteEmptySourceDirectories = new("--delete-empty-src-dirs") { Description = "Remove the source directories the move emptied." };
    private readonly Option<bool> _json = CliApplication.JsonOption();
    private readonly Option<bool> _verbose = CliApplication.VerboseOption();
    private readonly Option<bool> _progress = new("--progress", "-P") { Description = "Show a live progress line on standard error." };

    public TransferOptionSet(SyncMode mode)
    {
        _mode = mode;
        _json.Description = "Print a JSON summary object instead of the text summary.";
        _retries.Validators.Add(result =>
        {
            if (TryReadInt(result, out var value) && value < 0) result.AddError("--retries cannot be negative.");
        });
    }

    public void AddTo(Command command)
    {
        Option[] shared =
        [
            _dryRun, _checksum, _sizeOnly, _update, _ignoreExisting, _ignoreTimes, _transfers, _checkers, _bandwidthLimit,
            _maxDelete, _maxDeleteSize, _backupDirectory, _suffix, _retries, _json, _verbose, _progress,
        ];
        foreach (var option in shared) command.Options.Add(option);
        _filters.AddTo(command);
        if (_mode == SyncMode.Sync)
        {
            command.Options.Add(_deleteBefore);
            command.Options.Add(_deleteDuring);
            command.Options.Add(_deleteAfter);
            command.Validators.Add(result =>
            {
                var given = new[] { _deleteBefore, _deleteDuring, _deleteAfter }.Count(option => result.GetValue(option));
                if (given > 1) result.AddError("--delete-before, --delete-during and --delete-after cannot be used together.");
            });
        }

        if (_mode == SyncMode.Move) command.Options.Add(_deleteEmptySourceDirectories);
        command.Validators.Add(result =>
        {
            if (result.GetValue(_checksum) && result.GetValue(_sizeOnly)) result.AddError("--checksum and --size-only cannot be used together.");
        });
    }

    public TransferSettings Read(ParseResult result, string source, string destination) => new(source, destination)
    {
        Mode = _mode,
        DryRun = result.GetValue(_dryRun),
        Checksum = result.GetValue(_checksum),
        SizeOnly = result.GetValue(_sizeOnly),
        Update = result.GetValue(_update),
        IgnoreExisting = result.GetValue(_ignoreExisting),
        IgnoreTimes = result.GetValue(_ignoreTimes),
        Transfers = result.GetValue(_transfers),
        Checkers = result.GetValue(_checkers),
        BandwidthLimit = result.GetValue(_bandwidthLimit),
        Filters = _filters.Read(result),
        MaxDelete = result.GetValue(_maxDelete),
        MaxDeleteSize = result.GetValue(_maxDeleteSize),
        BackupDirectory = result.GetValue(_backupDirectory),
        Suffix = result.GetValue(_suffix),
        DeleteMode = _mode != SyncMode.Sync ? DeleteMode.After
            : result.GetValue(_deleteBefore) ? DeleteMode.Before
            : result.GetValue(_deleteDuring) ? DeleteMode.During
            : DeleteMode.After,
        Retries = result.GetValue(_retries),
        DeleteEmptySourceDirectories = _mode == SyncMode.Move && result.GetValue(_deleteEmptySourceDirectories),
        Json = result.GetValue(_json),
        Verbose = result.GetValue(_verbose),
        Progress = result.GetValue(_progress),
    };

    /// <summary>A count that must be at least 1, such as <c>--transfers</c> and <c>--checkers</c>.</summary>
    public static Option<int> CountOption(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (TryReadInt(result, out var value) && value < 1) result.AddError($"{name} must be at least 1.");
        });
        return option;
    }

    // Judge only a value that parses: a non-number is already a parse error, and reading it here would throw.
    private static bool TryReadInt(OptionResult result, out int value)
    {
        value = 0;
        return result.Tokens.Count == 1 &&
            int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
