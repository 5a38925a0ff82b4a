namespace Omnistorage.Records;

/// <summary>Record streams over objects in an <see cref="ObjectStore"/>.</summary>
public static class ObjectStoreRecordExtensions
{
    /// <summary>
    /// Opens <paramref name="path"/> for writing records. Nothing is visible until
    /// <see cref="ObjectRecordWriter.CompleteAsync"/> succeeds; disposing the writer without completing it discards the
    /// object. <paramref name="options"/> defaults to <see cref="RecordStreamOptions.FromPath"/> of
    /// <paramref name="path"/>; when <paramref name="writeOptions"/> gives no content type, one matching the format is set
    /// (<c>application/x-ndjson</c>, <c>application/octet-stream</c>, or <c>application/gzip</c> / <c>application/zstd</c>
    /// when compressed).
    /// </summary>
    public static async ValueTask<ObjectRecordWriter> OpenRecordWriterAsync(this ObjectStore store, string path, RecordStreamOptions? options = null,
        WriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options = ResolveOptions(path, options);
        var stream = await store.OpenWriteAsync(path, WithContentType(writeOptions, options), cancellationToken).ConfigureAwait(false);
        return await ObjectRecordWriter.CreateAsync(store.Name, stream, options).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for appending records (a missing object is created). The appended records become
    /// visible only when <see cref="ObjectRecordWriter.CompleteAsync"/> succeeds. Compressed objects stay readable:
    /// the new records form a new gzip member or zstd frame, and readers read concatenated members and frames as one
    /// stream. The existing object must end with a complete record, which objects written by record writers always do.
    /// Needs <see cref="BackendFeatures.CanAppend"/>; otherwise <see cref="StorageErrorCode.Unsupported"/>.
    /// </summary>
    public static async ValueTask<ObjectRecordWriter> OpenRecordAppenderAsync(this ObjectStore store, string path, RecordStreamOptions? options = null,
        WriteOptions? writeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.Features.CanAppend)
        {
            throw new StorageException(StorageErrorCode.Unsupported,
                $"The {store.Name} backend cannot append to objects, so records cannot be appended to '{path}'. Write a new object instead.", store.Name, path);
        }

        options = ResolveOptions(path, options);
        var stream = await store.OpenAppendAsync(path, writeOptions, cancellationToken).ConfigureAwait(false);
        return await ObjectRecordWriter.CreateAsync(store.Name, stream, options).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading records; a missing object is <see cref="StorageErrorCode.NotFound"/>.
    /// <paramref name="options"/> defaults to <see cref="RecordStreamOptions.FromPath"/> of <paramref name="path"/>.
    /// Disposing the reader closes the object stream. Failures carry the backend name and the path.
    /// </summary>
    public static async ValueTask<IRecordReader> OpenRecordReaderAsync(this ObjectStore store, string path, RecordStreamOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options = ResolveOptions(path, options);
        var stream = await store.OpenReadAsync(path, default, cancellationToken).ConfigureAwait(false);
        IRecordReader reader;
        try
        {
            reader = RecordStreams.CreateReader(stream, options with { LeaveOpen = false });
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ObjectRecordReader(reader, store.Name, StoragePath.Normalize(path));
    }

    private static RecordStreamOptions ResolveOptions(string path, RecordStreamOptions? options)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= RecordStreamOptions.FromPath(path);
        options.Validate();
        return options;
    }

    private static WriteOptions WithContentType(WriteOptions? writeOptions, RecordStreamOptions options)
    {
        writeOptions ??= WriteOptions.Default;
        if (writeOptions.ContentType is not null) return writeOptions;
        var contentType = options.Compression switch
        {
            RecordCompression.Gzip => "application/gzip",
            RecordCompression.Zstd => "application/zstd",
            _ => options.Format == RecordFormat.Ndjson ? "application/x-ndjson" : "application/octet-stream",
        };
        return writeOptions with { ContentType = contentType };
    }

    /// <summary>Adds the backend and path to failures, and turns native ones into <see cref="StorageException"/>.</summary>
    private sealed class ObjectRecordReader(IRecordReader inner, string backend, string path) : IRecordReader
    {
        public ReadOnlyMemory<byte> Current => inner.Current;

        public long RecordsRead => inner.RecordsRead;

        public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not InvalidOperationException)
            {
                throw StorageErrors.Wrap(ex, backend, path, "read records from");
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
