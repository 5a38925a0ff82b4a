using System.CommandLine;
using Omnistorage.Cli.Commands;
using Omnistorage.Sync;

namespace Omnistorage.Cli;

/// <summary>
/// Declares the <c>omni</c> command line (System.CommandLine) and binds each command to its handler class in
/// <see cref="Commands"/>. This class only parses; the handlers do the work and know nothing of the parser.
/// </summary>
internal static class CliApplication
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = BuildRootCommand(console);
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Program owns Ctrl+C (it turns it into the token passed here), and every handler's failure goes through
            // CliErrors, so System.CommandLine's own signal and exception handling stay off.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors follow docs/cli.md: "omni: message" lines on standard error, nothing on standard output
            // (System.CommandLine's own action would print the help there, into whatever the output is piped to).
            foreach (var error in parsed.Errors) console.Error.WriteLine("omni: " + error.Message);
            console.Error.WriteLine($"omni: run 'omni {(parsed.CommandResult.Command is RootCommand ? string.Empty : parsed.CommandResult.Command.Name + " ")}--help' for usage.");
            return Task.FromResult(ExitCodes.UsageError);
        }

        return parsed.InvokeAsync(configuration, cancellationToken);
    }

    public static RootCommand BuildRootCommand(CliConsole console)
    {
        var root = new RootCommand(
            "omni: list, read, write, copy, sync, move, check and dedupe files on any Omnistorage backend. A remote is a storage URI " +
            "(file:///data, memory://store/prefix) or a local path.");
        root.Subcommands.Add(ListCommandDefinition(console));
        root.Subcommands.Add(ListJsonCommandDefinition(console));
        root.Subcommands.Add(CatCommandDefinition(console));
        root.Subcommands.Add(RcatCommandDefinition(console));
        root.Subcommands.Add(TransferCommandDefinition(console, SyncMode.Copy));
        root.Subcommands.Add(TransferCommandDefinition(console, SyncMode.Sync));
        root.Subcommands.Add(TransferCommandDefinition(console, SyncMode.Move));
        root.Subcommands.Add(CheckCommandDefinition(console));
        root.Subcommands.Add(DedupeCommandDefinition(console));
        root.Subcommands.Add(DeleteCommandDefinition(console));
        root.Subcommands.Add(PurgeCommandDefinition(console));
        root.Subcommands.Add(MakeDirectoryCommandDefinition(console));
        root.Subcommands.Add(AboutCommandDefinition(console));
        root.Subcommands.Add(HashSumCommandDefinition(console));
        root.Subcommands.Add(BackendsCommandDefinition(console));
        return root;
    }

    private static Command ListCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("The file or directory to list.");
        var json = JsonOption();
        var command = new Command("ls", "List every file beneath a remote, recursively, with its size (like rclone ls).") { remote, json };
        SetHandler(command, console, (result, token) =>
            new ListCommand(console).ExecuteAsync(new ListSettings(result.GetRequiredValue(remote), result.GetValue(json)), token));
        return command;
    }

    private static Command ListJsonCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("The file or directory to list.");
        var recursive = new Option<bool>("--recursive", "-R") { Description = "List the whole tree, not just the directory's entries." };
        var hash = new Option<bool>("--hash") { Description = "Include every hash (md5, sha1, sha256, crc32c) of each file; files are read when the backend stores none." };
        var hashType = new Option<string[]>("--hash-type")
        {
            Description = "Include only this hash (repeatable; implies --hash).",
            AllowMultipleArgumentsPerToken = false,
        };
        hashType.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!HashTypeExtensions.TryParse(name, out _)) result.AddError($"Unknown hash type '{name}'. Use md5, sha1, sha256 or crc32c.");
            }
        });
        var filesOnly = new Option<bool>("--files-only") { Description = "Leave directories out." };
        var directoriesOnly = new Option<bool>("--dirs-only") { Description = "Leave files out." };
        var command = new Command("lsjson", "List a remote as JSON in rclone's lsjson format.") { remote, recursive, hash, hashType, filesOnly, directoriesOnly };
        SetHandler(command, console, (result, token) =>
        {
            var hashes = HashTypes.None;
            foreach (var name in result.GetValue(hashType) ?? [])
            {
                HashTypeExtensions.TryParse(name, out var type);
                hashes |= type.ToFlag();
            }

            if (hashes == HashTypes.None && result.GetValue(hash)) hashes = HashTypes.All;
            var settings = new ListJsonSettings(result.GetRequiredValue(remote), result.GetValue(recursive), hashes,
                result.GetValue(filesOnly), result.GetValue(directoriesOnly));
            return new ListJsonCommand(console).ExecuteAsync(settings, token);
        });
        return command;
    }

    private static Command CatCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("The object to print.");
        var offset = new Option<long>("--offset") { Description = "Start at this byte." };
        var count = new Option<long>("--count") { Description = "Print at most this many bytes (-1: to the end).", DefaultValueFactory = _ => -1 };
        var command = new Command("cat", "Print an object to standard output.") { remote, offset, count };
        SetHandler(command, console, (result, token) =>
            new CatCommand(console).ExecuteAsync(new CatSettings(result.GetRequiredValue(remote), result.GetValue(offset), result.GetValue(count)), token));
        return command;
    }

    private static Command RcatCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("The object to write.");
        var size = new Option<long>("--size")
        {
            Description = "The number of bytes expected; a different count fails and commits nothing (-1: unknown).",
            DefaultValueFactory = _ => -1,
        };
        var command = new Command("rcat", "Copy standard input into an object; it is committed only when the input ends cleanly.") { remote, size };
        SetHandler(command, console, (result, token) =>
            new RcatCommand(console).ExecuteAsync(new RcatSettings(result.GetRequiredValue(remote), result.GetValue(size)), token));
        return command;
    }

    private static Command TransferCommandDefinition(CliConsole console, SyncMode mode)
    {
        var (name, summary, sourceHelp) = mode switch
        {
            SyncMode.Sync => ("sync", "Make the destination directory identical to the source, deleting destination files that are not in the source (like rclone sync).",
                "The file or directory to mirror."),
            SyncMode.Move => ("move", "Move a file or a directory tree into a destination directory: copy, then delete each source file once it is there (like rclone move).",
                "The file or directory to move."),
            _ => ("copy", "Copy a file or a directory tree into a destination directory, skipping files that are already there unchanged (like rclone copy).",
                "The file or directory to copy."),
        };
        var source = RemoteArgument(sourceHelp, "source");
        var destination = RemoteArgument("The directory to copy into (created when missing).", "destination");
        var options = new TransferOptionSet(mode);
        var command = new Command(name, summary) { source, destination };
        options.AddTo(command);
        SetHandler(command, console, (result, token) =>
            new TransferCommand(console).ExecuteAsync(options.Read(result, result.GetRequiredValue(source), result.GetRequiredValue(destination)), token));
        return command;
    }

    private static Command CheckCommandDefinition(CliConsole console)
    {
        var source = RemoteArgument("The file or directory to check.", "source");
        var destination = RemoteArgument("The directory to compare it with.", "destination");
        var oneWay = new Option<bool>("--one-way") { Description = "Do not report files that exist only in the destination." };
        var download = new Option<bool>("--download") { Description = "Compare the bytes when the two backends share no hash." };
        var sizeOnly = new Option<bool>("--size-only") { Description = "Compare sizes only." };
        var combined = ReportOption("--combined", "Write every path with its marker (= - + * !) to this local file.");
        var match = ReportOption("--match", "Write the paths that match to this local file.");
        var differ = ReportOption("--differ", "Write the paths that differ to this local file.");
        var missingOnSource = ReportOption("--missing-on-src", "Write the paths only in the destination to this local file.");
        var missingOnDestination = ReportOption("--missing-on-dst", "Write the paths only in the source to this local file.");
        var error = ReportOption("--error", "Write the paths that could not be compared to this local file.");
        var checkers = TransferOptionSet.CountOption("--checkers", "How many files are compared at the same time.", TransferSettings.DefaultCheckers);
        var json = JsonOption();
        var filters = new FilterOptionSet();
        var command = new Command("check", "Compare a source with a destination by size and hash and list the differences (like rclone check).")
        {
            source, destination, oneWay, download, sizeOnly, combined, match, differ, missingOnSource, missingOnDestination, error, checkers, json,
        };
        filters.AddTo(command);
        SetHandler(command, console, (result, token) =>
        {
            var settings = new CheckSettings(result.GetRequiredValue(source), result.GetRequiredValue(destination))
            {
                OneWay = result.GetValue(oneWay),
                Download = result.GetValue(download),
                SizeOnly = result.GetValue(sizeOnly),
                Combined = result.GetValue(combined),
                Match = result.GetValue(match),
                Differ = result.GetValue(differ),
                MissingOnSource = result.GetValue(missingOnSource),
                MissingOnDestination = result.GetValue(missingOnDestination),
                Error = result.GetValue(error),
                Checkers = result.GetValue(checkers),
                Json = result.GetValue(json),
                Filters = filters.Read(result),
            };
            return new CheckCommand(console).ExecuteAsync(settings, token);
        });
        return command;
    }

    private static Command DedupeCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("The directory to search, recursively.");
        var mode = new Option<string>("--dedupe-mode")
        {
            Description = "list (print the groups), skip (change nothing), first, newest or oldest (keep that file of each group, delete the others).",
            DefaultValueFactory = _ => "list",
        };
        mode.AcceptOnlyFromAmong("list", "skip", "first", "newest", "oldest");
        var hash = new Option<string>("--hash") { Description = "The hash that decides equality: md5, sha1, sha256 or crc32c (default: the backend's own, else sha256)." };
        hash.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !HashTypeExtensions.TryParse(result.Tokens[0].Value, out _))
            {
                result.AddError($"Unknown hash type '{result.Tokens[0].Value}'. Use md5, sha1, sha256 or crc32c.");
            }
        });
        var dryRun = DryRunOption();
        var filters = new FilterOptionSet();
        var command = new Command("dedupe", "Find files with identical content and list them or keep one of each (like rclone dedupe --by-hash).")
        {
            remote, mode, hash, dryRun,
        };
        filters.AddTo(command);
        SetHandler(command, console, (result, token) =>
        {
            HashType? hashType = result.GetValue(hash) is { } hashName && HashTypeExtensions.TryParse(hashName, out var parsed) ? parsed : null;
            var settings = new DedupeSettings(result.GetRequiredValue(remote))
            {
                Mode = Enum.Parse<DedupeMode>(result.GetRequiredValue(mode), ignoreCase: true),
                Hash = hashType,
                DryRun = result.GetValue(dryRun),
                Filters = filters.Read(result),
            };
            return new DedupeCommand(console).ExecuteAsync(settings, token);
        });
        return command;
    }

    private static Option<string> ReportOption(string name, string description) => new(name) { Description = description };

    private static Command DeleteCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("A file, or a directory whose files are deleted.");
        var removeDirectories = new Option<bool>("--rmdirs") { Description = "Also remove the directories beneath it that are left empty." };
        var dryRun = DryRunOption();
        var verbose = VerboseOption();
        var command = new Command("delete", "Delete a file, or every file beneath a directory (directories stay unless --rmdirs).")
        {
            remote, removeDirectories, dryRun, verbose,
        };
        SetHandler(command, console, (result, token) =>
        {
            var settings = new DeleteSettings(result.GetRequiredValue(remote), result.GetValue(removeDirectories), result.GetValue(dryRun), result.GetValue(verbose));
            return new DeleteCommand(console).ExecuteAsync(settings, token);
        });
        return command;
    }

    private static Command PurgeCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("The directory to remove with everything in it.");
        var dryRun = DryRunOption();
        var command = new Command("purge", "Remove a directory and everything beneath it.") { remote, dryRun };
        SetHandler(command, console, (result, token) =>
            new PurgeCommand(console).ExecuteAsync(new PurgeSettings(result.GetRequiredValue(remote), result.GetValue(dryRun)), token));
        return command;
    }

    private static Command MakeDirectoryCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("The directory to create.");
        var command = new Command("mkdir", "Create a directory and any missing parents.") { remote };
        SetHandler(command, console, (result, token) =>
            new MakeDirectoryCommand().ExecuteAsync(new MakeDirectorySettings(result.GetRequiredValue(remote)), token));
        return command;
    }

    private static Command AboutCommandDefinition(CliConsole console)
    {
        var remote = RemoteArgument("Any location in the store.");
        var json = JsonOption();
        var command = new Command("about", "Show the quota and usage the backend reports.") { remote, json };
        SetHandler(command, console, (result, token) =>
            new AboutCommand(console).ExecuteAsync(new AboutSettings(result.GetRequiredValue(remote), result.GetValue(json)), token));
        return command;
    }

    private static Command HashSumCommandDefinition(CliConsole console)
    {
        var type = new Argument<string>("type") { Description = "md5, sha1, sha256 or crc32c." };
        type.Validators.Add(result =>
        {
            if (!HashTypeExtensions.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError($"Unknown hash type '{result.GetValueOrDefault<string>()}'. Use md5, sha1, sha256 or crc32c.");
            }
        });
        var remote = RemoteArgument("A file, or a directory whose files are hashed.");
        var command = new Command("hashsum", "Print a hash of every file, in the format of md5sum.") { type, remote };
        SetHandler(command, console, (result, token) =>
        {
            HashTypeExtensions.TryParse(result.GetRequiredValue(type), out var hashType);
            return new HashSumCommand(console).ExecuteAsync(new HashSumSettings(hashType, result.GetRequiredValue(remote)), token);
        });
        return command;
    }

    private static Command BackendsCommandDefinition(CliConsole console)
    {
        var json = JsonOption();
        var command = new Command("backends", "List the registered backends and their options (secret options are marked).") { json };
        SetHandler(command, console, (result, token) => new BackendsCommand(console).ExecuteAsync(new BackendsSettings(result.GetValue(json)), token));
        return command;
    }

    internal static Argument<string> RemoteArgument(string description, string name = "remote")
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            // An unknown option placed before the remote would otherwise be taken as a local path named "--x".
            if (result.Tokens.Count == 1 && result.Tokens[0].Value is { Length: > 1 } value && value.StartsWith('-'))
            {
                result.AddError($"Unrecognized option '{value}'. (A path that starts with '-' can be written as ./{value}.)");
            }
        });
        return argument;
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print JSON for scripts." };

    internal static Option<bool> DryRunOption() => new("--dry-run", "-n") { Description = "Show what would change and change nothing." };

    internal static Option<bool> VerboseOption() => new("--verbose", "-v") { Description = "Print one line per item." };

    /// <summary>Runs a handler and turns any exception it throws into a message and an exit code.</summary>
    private static void SetHandler(Command command, CliConsole console, Func<ParseResult, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await handler(result, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return CliErrors.Report(ex, console.Error, cancellationToken);
            }
        });
}
