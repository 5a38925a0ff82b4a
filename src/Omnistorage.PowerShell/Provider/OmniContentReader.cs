using System.Collections;
using System.Management.Automation.Provider;
using System.Text;
using Omnistorage.PowerShell.Internal;

namespace Omnistorage.PowerShell.Provider;

/// <summary>
/// Reads an object for Get-Content: line by line (or byte by byte) through a small buffer, so -TotalCount and -Tail
/// never hold more than they return. Only -Raw returns the whole object at once, as it does for files.
/// </summary>
internal sealed class OmniContentReader : IContentReader
{
    private readonly OmniDriveInfo _drive;
    private readonly string _path;
    private readonly long _size;
    private readonly Encoding _encoding;
    private readonly bool _bytes;
    private readonly bool _raw;
    private Stream? _stream;
    private StreamReader? _text;
    private long _offset;
    private bool _rawDone;

    public OmniContentReader(OmniDriveInfo drive, string path, long size, Encoding encoding, bool bytes, bool raw)
    {
        _drive = drive;
        _path = path;
        _size = size;
        _encoding = encoding;
        _bytes = bytes;
        _raw = raw;
    }

    public IList Read(long readCount)
    {
        if (_raw) return ReadRaw();
        var limit = readCount <= 0 ? long.MaxValue : readCount;
        var items = new List<object>();
        if (_bytes)
        {
            var stream = Stream();
            while (items.Count < limit)
            {
                var value = stream.ReadByte();
                if (value < 0) break;
                items.Add((byte)value);
            }

            _offset += items.Count;
            return items;
        }

        var reader = Text();
        while (items.Count < limit && reader.ReadLine() is { } line) items.Add(line);
        return items;
    }

    public void Seek(long offset, SeekOrigin origin)
    {
        // Reopening with a range costs one request; most callers never seek (Get-Content scans forward for -Tail).
        var position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _offset + offset,
            _ => _size >= 0 ? _size + offset : throw new NotSupportedException("The object's size is unknown, so it cannot be read from its end."),
        };
        Close();
        _offset = Math.Max(position, 0);
    }

    public void Close()
    {
        _text?.Dispose();
        _stream?.Dispose();
        _text = null;
        _stream = null;
    }

    public void Dispose() => Close();

    private IList ReadRaw()
    {
        if (_rawDone) return Array.Empty<object>();
        _rawDone = true;
        if (_bytes)
        {
            using var buffer = new MemoryStream(_size > 0 && _size < int.MaxValue ? (int)_size : 0);
            Stream().CopyTo(buffer);
            return new object[] { buffer.ToArray() };
        }

        return new object[] { Text().ReadToEnd() };
    }

    private Stream Stream()
    {
        if (_stream is not null) return _stream;
        using var bridge = new AsyncBridge(() => false);
        var range = _offset > 0 ? ByteRange.FromOffset(_offset) : default;
        var opened = bridge.Run(ct => _drive.Store.OpenReadAsync(_path, range, ct));
        _stream = new BufferedStream(opened, 64 * 1024);
        return _stream;
    }

    private StreamReader Text() =>
        _text ??= new StreamReader(Stream(), _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
}
