using System.Management.Automation;
using System.Management.Automation.Provider;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Provider;

/// <summary>Get-Content's dynamic parameters on Omni drives.</summary>
public sealed class OmniContentReaderParameters
{
    /// <summary>The text encoding (utf8 by default; a byte order mark in the content wins).</summary>
    [Parameter]
    public object? Encoding { get; set; }

    /// <summary>Bytes instead of lines.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>The whole content as one string (or one byte array with -AsByteStream).</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }
}

/// <summary>Set-Content's and Add-Content's dynamic parameters on Omni drives.</summary>
public sealed class OmniContentWriterParameters
{
    /// <summary>The text encoding (utf8 without BOM by default).</summary>
    [Parameter]
    public object? Encoding { get; set; }

    /// <summary>Write bytes (byte values or byte arrays) as they are.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>Do not end each item with a newline.</summary>
    [Parameter]
    public SwitchParameter NoNewline { get; set; }
}

// Content: Get-Content streams (only -Raw reads the whole object into memory); Set-Content clears then writes;
// Add-Content appends natively when the backend can, otherwise rewrites the object by streaming the old bytes first.
public sealed partial class OmniProvider
{
    /// <inheritdoc />
    public IContentReader? GetContentReader(string path)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            var info = Stat(bridge, drive, storagePath);
            if (info.IsDirectory)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"'{path}' is a directory; Get-Content reads objects.", drive.Backend, storagePath);
            }

            var parameters = DynamicParameters as OmniContentReaderParameters ?? new OmniContentReaderParameters();
            return new OmniContentReader(drive, storagePath, info.Size, TextEncodings.Parse(parameters.Encoding), parameters.AsByteStream, parameters.Raw);
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
            return null;
        }
    }

    /// <inheritdoc />
    public object GetContentReaderDynamicParameters(string path) => new OmniContentReaderParameters();

    /// <inheritdoc />
    public IContentWriter? GetContentWriter(string path)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            var parameters = DynamicParameters as OmniContentWriterParameters ?? new OmniContentWriterParameters();
            using var bridge = NewBridge();
            return OmniContentWriter.Open(bridge, drive, storagePath, TextEncodings.Parse(parameters.Encoding), parameters.AsByteStream, parameters.NoNewline)
                .WithProgress($"Writing {path}", WriteProgress, NextActivityId());
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
            return null;
        }
    }

    /// <inheritdoc />
    public object GetContentWriterDynamicParameters(string path) => new OmniContentWriterParameters();

    /// <summary>Empties an object (Clear-Content, and Set-Content before it writes); a missing object is left missing.</summary>
    public void ClearContent(string path)
    {
        try
        {
            var (drive, storagePath) = Resolve(path);
            using var bridge = NewBridge();
            var info = bridge.Run(ct => drive.Store.TryStatAsync(storagePath, ct));
            if (info is null) return;
            if (info.IsDirectory)
            {
                throw new StorageException(StorageErrorCode.InvalidArgument, $"'{path}' is a directory; only objects have content.", drive.Backend, storagePath);
            }

            if (!ShouldProcess(path, "Clear content")) return;
            var options = new WriteOptions
            {
                Size = 0,
                ContentType = info.ContentType,
                Metadata = info.Metadata.Count > 0 ? info.Metadata : null,
            };
            bridge.Run(ct => drive.Store.WriteAllBytesAsync(storagePath, ReadOnlyMemory<byte>.Empty, options, ct));
        }
        catch (Exception ex) when (OmniErrors.IsItemFailure(ex))
        {
            WriteFailure(ex, path);
        }
    }

    /// <inheritdoc />
    public object? ClearContentDynamicParameters(string path) => null;
}
