using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Provider;
using System.Text;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Provider;

/// <summary>
/// Writes content for Set-Content and Add-Content. PowerShell's content writers always append (Set-Content clears
/// the object first), so: a new or empty object is written from scratch; an object with content is appended to
/// natively when the backend can, otherwise its existing bytes are streamed into a new version first. Nothing is
/// visible until <see cref="Close"/> commits; a failure or Ctrl+C leaves the object as it was.
/// </summary>
internal sealed class OmniContentWriter : IContentWriter
{
    private readonly ObjectWriteStream _stream;
    private readonly Encoding _encoding;
    private readonly bool _bytes;
    private readonly bool _noNewline;
    private readonly byte[] _newline;
    private TransferProgress? _progress;
    private Action<ProgressRecord>? _writeProgress;
    private bool _closed;

    private OmniContentWriter(ObjectWriteStream stream, Encoding encoding, bool bytes, bool noNewline)
    {
        _stream = stream;
        _encoding = encoding;
        _bytes = bytes;
        _noNewline = noNewline;
        _newline = encoding.GetBytes(Environment.NewLine);
    }

    /// <summary>
    /// Reports the bytes written so far through <paramref name="writeProgress"/> (the provider's WriteProgress, valid
    /// for the whole Set-Content or Add-Content command), at most four times a second.
    /// </summary>
    public OmniContentWriter WithProgress(string activity, Action<ProgressRecord> writeProgress, int activityId)
    {
        _progress = new TransferProgress(activityId, activity);
        _progress.BeginItem(_stream.Path);
        _writeProgress = writeProgress;
        return this;
    }

    public static OmniContentWriter Open(AsyncBridge bridge, OmniDriveInfo drive, string path, Encoding encoding, bool bytes, bool noNewline)
    {
        var store = drive.Store;
        var existing = bridge.Run(ct => store.TryStatAsync(path, ct));
        if (existing is { IsDirectory: true })
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"'{path}' is a directory; only objects have content.", drive.Backend, path);
        }

        var hasContent = existing is { Size: not 0 };
        var options = new WriteOptions
        {
            ContentType = existing?.ContentType,
            Metadata = existing is { Metadata.Count: > 0 } ? existing.Metadata : null,
        };
        if (hasContent && store.Features.CanAppend)
        {
            return new OmniContentWriter(bridge.Run(ct => store.OpenAppendAsync(path, options, ct)), encoding, bytes, noNewline);
        }

        var stream = bridge.Run(ct => store.OpenWriteAsync(path, options, ct));
        try
        {
            if (hasContent)
            {
                bridge.Run(async ct =>
                {
                    await using var old = await store.OpenReadAsync(path, default, ct).ConfigureAwait(false);
                    await old.CopyToAsync(stream, 1024 * 1024, ct).ConfigureAwait(false);
                });
            }
            else if (!bytes)
            {
                stream.Write(encoding.GetPreamble());
            }

            return new OmniContentWriter(stream, encoding, bytes, noNewline);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public IList Write(IList content)
    {
        foreach (var item in content)
        {
            if (item is object[] nested)
            {
                foreach (var inner in nested) WriteItem(inner);
            }
            else
            {
                WriteItem(item);
            }
        }

        if (_progress is not null)
        {
            _progress.Report(_stream.BytesWritten);
            if (_progress.Emit() is { } record) _writeProgress!(record);
        }

        return content;
    }

    /// <summary>
    /// Add-Content seeks to the end before it writes; that is where this writer always is, so it is accepted. Any
    /// other position would mean rewriting the object in place, which object stores cannot do.
    /// </summary>
    public void Seek(long offset, SeekOrigin origin)
    {
        if (offset == 0 && origin == SeekOrigin.End) return;
        throw new NotSupportedException("Omni content writers only append; objects cannot be rewritten in place.");
    }

    /// <summary>Commits what was written; the object appears (or changes) only now.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        using var bridge = new AsyncBridge(() => false);
        try
        {
            bridge.Run(ct => _stream.CommitAsync(ct));
        }
        finally
        {
            _stream.Dispose();
            if (_progress?.Complete() is { } done) _writeProgress!(done);
        }
    }

    /// <summary>Without <see cref="Close"/> (an error, Ctrl+C) the write is abandoned and nothing changes.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        _stream.Dispose();
    }

    private void WriteItem(object? item)
    {
        var value = item is PSObject wrapped ? wrapped.BaseObject : item;
        if (_bytes)
        {
            switch (value)
            {
                case byte single:
                    _stream.WriteByte(single);
                    return;
                case byte[] array:
                    _stream.Write(array);
                    return;
                default:
                    try
                    {
                        _stream.WriteByte(LanguagePrimitives.ConvertTo<byte>(value));
                    }
                    catch (PSInvalidCastException ex)
                    {
                        throw new StorageException(StorageErrorCode.InvalidArgument, $"-AsByteStream writes bytes; '{value}' is not a byte.", null, null, ex);
                    }

                    return;
            }
        }

        var text = value is null ? string.Empty : value as string ?? LanguagePrimitives.ConvertTo<string>(value);
        _stream.Write(_encoding.GetBytes(text));
        if (!_noNewline) _stream.Write(_newline);
    }
}
