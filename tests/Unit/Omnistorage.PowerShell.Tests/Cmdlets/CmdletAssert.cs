using System.Collections.ObjectModel;
using System.Management.Automation;
using Omnistorage.PowerShell.Tests.Hosting;

namespace Omnistorage.PowerShell.Tests.Cmdlets;

/// <summary>Assertions shared by the cmdlet tests.</summary>
internal static class CmdletAssert
{
    /// <summary>Asserts that exactly one error was written and that its FullyQualifiedErrorId starts with <paramref name="errorId"/>.</summary>
    public static ErrorRecord SingleError(IReadOnlyList<ErrorRecord> errors, string errorId)
    {
        var error = Assert.Single(errors);
        Assert.True(error.FullyQualifiedErrorId.StartsWith(errorId, StringComparison.Ordinal),
            $"Expected an error id starting with {errorId}, got {error.FullyQualifiedErrorId}: {error}");
        return error;
    }

    /// <summary>The value of <paramref name="property"/> on a PowerShell object (an adapted .NET object or a PSCustomObject).</summary>
    public static object? Property(PSObject item, string property) =>
        item.Properties[property] is { } found ? Unwrap(found.Value) : throw new Xunit.Sdk.XunitException($"The object has no property '{property}': {item}");

    public static object? Unwrap(object? value) => value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;

    /// <summary>The "What if:" lines the host received.</summary>
    public static IReadOnlyList<string> WhatIfLines(PowerShellSession session) =>
        session.Host.Ui.Lines.Where(line => line.StartsWith("What if:", StringComparison.Ordinal)).ToList();

    /// <summary>Runs a script that must write no errors and returns its output's base objects.</summary>
    public static IReadOnlyList<object?> Values(Collection<PSObject> output) => output.Select(item => Unwrap(item)).ToList();
}

/// <summary>The external backend assembly built from tests/Unit/Omnistorage.TestBackend.</summary>
internal static class SampleBackendAssembly
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string Path
    {
        get
        {
            var path = System.IO.Path.Combine(PowerShellSession.RepositoryRoot, "tests", "Unit", "Omnistorage.TestBackend", "bin", Configuration, "net8.0", "Omnistorage.TestBackend.dll");
            if (!File.Exists(path))
            {
                throw new Xunit.Sdk.XunitException($"{path} is missing: the test project must build tests/Unit/Omnistorage.TestBackend first (it is a build-order project reference).");
            }

            return path;
        }
    }
}
