using Omnistorage.Sync.Transfers;

namespace Omnistorage.Sync;

/// <summary>Which side of a <see cref="BandwidthSchedule"/> pair a transfer is charged to.</summary>
public enum BandwidthDirection
{
    /// <summary>Bytes written to a destination; held to the first value of an <c>UPLOAD:DOWNLOAD</c> pair.</summary>
    Upload,

    /// <summary>Bytes read from a source; held to the second value of an <c>UPLOAD:DOWNLOAD</c> pair.</summary>
    Download,
}

/// <summary>
/// One limit shared by every transfer of a run (rclone <c>--bwlimit</c>). Thread-safe.
/// <para>
/// Each direction is a token bucket whose burst is one tenth of a second's worth of the current rate (at least one byte),
/// so over any few seconds the bytes let through stay within a few percent of the limit however many transfers share it.
/// Requests are granted in pieces of at most one burst and at most <see cref="MaxPieceBytes"/>, in the order they
/// arrive, so a transfer asking for a large buffer waits its turn piece by piece and cannot starve the others. The
/// schedule is consulted for every piece, so a timetable switch takes effect within a piece or two. Uploads and
/// downloads are separate buckets: a copy that throttles both its reads and its writes is held to the lower of the two
/// rates, not to half of it.
/// </para>
/// </summary>
public sealed class BandwidthLimiter
{
    /// <summary>The largest piece one waiter is granted before the next waiter in line gets a turn.</summary>
    public const int MaxPieceBytes = 64 * 1024;

    // One tenth of a second of burst keeps a fresh or idle limiter from overshooting a short measurement window by more
    // than a few percent, while still absorbing the timer granularity of the operating system (1-16 ms), so a lone
    // transfer that oversleeps does not lose bandwidth.
    private const int BurstDivisor = 10;

    private readonly TimeProvider _time;
    private readonly TokenBucket _upload;
    private readonly TokenBucket _download;

    /// <summary>Creates a limiter that follows <paramref name="schedule"/> on the local clock of <paramref name="time"/>.</summary>
    /// <param name="schedule">The limits and when they apply.</param>
    /// <param name="time">The clock and timers to use; <see cref="TimeProvider.System"/> when null. Tests pass a manual clock.</param>
    public BandwidthLimiter(BandwidthSchedule schedule, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        _time = time ?? TimeProvider.System;
        var now = _time.GetTimestamp();
        _upload = new TokenBucket(now);
        _download = new TokenBucket(now);
    }

    /// <summary>
    /// Parses a <c>--bwlimit</c> spec (see <see cref="BandwidthSchedule"/>) and returns a limiter for it, or null when the
    /// spec is null, blank, <c>off</c> or otherwise never limits anything, so callers can skip throttling entirely.
    /// </summary>
    /// <exception cref="StorageException">With <see cref="StorageErrorCode.InvalidArgument"/> when the spec is malformed.</exception>
    public static BandwidthLimiter? FromSpec(string? spec, TimeProvider? time = null)
    {
        if (string.IsNullOrWhiteSpace(spec)) return null;
        var schedule = BandwidthSchedule.Parse(spec);
        return schedule.IsUnlimited ? null : new BandwidthLimiter(schedule, time);
    }

    /// <summary>The schedule this limiter follows.</summary>
    public BandwidthSchedule Schedule { get; }

    /// <summary>
    /// The upload (write) limit in force now, in bytes per second; 0 means unlimited. Unless the spec was an
    /// <c>UPLOAD:DOWNLOAD</c> pair this is also the download limit.
    /// </summary>
    public long CurrentLimit => GetCurrentLimit(BandwidthDirection.Upload);

    /// <summary>The limit in force now for <paramref name="direction"/>, in bytes per second; 0 means unlimited.</summary>
    public long GetCurrentLimit(BandwidthDirection direction)
    {
        if (Schedule.IsUnlimited) return 0;
        var (upload, download) = Schedule.IsConstant && Schedule.Slots.Count > 0
            ? (Schedule.Slots[0].Upload, Schedule.Slots[0].Download)
            : Schedule.LimitAt(_time.GetLocalNow());
        return direction == BandwidthDirection.Upload ? upload : download;
    }

    /// <summary>Waits until <paramref name="bytes"/> may be uploaded (written). Same as <see cref="WaitAsync(BandwidthDirection, int, CancellationToken)"/> with <see cref="BandwidthDirection.Upload"/>.</summary>
    public ValueTask WaitAsync(int bytes, CancellationToken cancellationToken = default) =>
        WaitAsync(BandwidthDirection.Upload, bytes, cancellationToken);

    /// <summary>
    /// Waits until <paramref name="bytes"/> may pass in <paramref name="direction"/>, then returns; the bytes are counted
    /// against the limit as soon as this returns. Completes synchronously when the limit allows it (or there is none).
    /// When cancelled it throws <see cref="OperationCanceledException"/> promptly and gives back everything this call had
    /// reserved, so other transfers are not slowed by bytes that were never sent.
    /// </summary>
    public ValueTask WaitAsync(BandwidthDirection direction, int bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        var bucket = direction == BandwidthDirection.Upload ? _upload : _download;
        var reserved = 0.0;
        var remaining = bytes;
        while (remaining > 0)
        {
            var rate = GetCurrentLimit(direction);
            if (rate == 0) return default;
            var piece = (int)Math.Min(remaining, PieceBytes(rate));
            var (delay, duration) = bucket.Reserve(piece, rate, BurstBytes(rate), _time.GetTimestamp(), _time.TimestampFrequency);
            reserved += duration;
            remaining -= piece;
            if (delay > 0) return WaitSlowAsync(direction, bucket, remaining, reserved, delay, cancellationToken);
        }

        return default;
    }

    /// <summary>
    /// Wraps <paramref name="inner"/> so that reads are charged to <see cref="BandwidthDirection.Download"/> and writes to
    /// <see cref="BandwidthDirection.Upload"/>. Everything else (seeking, length, flushing) passes through, and disposing
    /// the wrapper disposes <paramref name="inner"/>. Reads return at most one piece at a time, and writes are handed to
    /// <paramref name="inner"/> piece by piece, so the traffic is smooth rather than bursty. To commit an
    /// <see cref="ObjectWriteStream"/>, keep a reference to it and call its <see cref="ObjectWriteStream.CommitAsync"/>
    /// after the last write through the wrapper. Throttle a transfer on one side only (its read or its write) unless the
    /// schedule distinguishes the directions, or each byte waits twice as long as the limit implies.
    /// </summary>
    public Stream Wrap(Stream inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new ThrottledStream(inner, this);
    }

    /// <summary>The largest single piece worth asking for now in <paramref name="direction"/>; <see cref="int.MaxValue"/> when unlimited.</summary>
    internal int CurrentPieceBytes(BandwidthDirection direction)
    {
        var rate = GetCurrentLimit(direction);
        return rate == 0 ? int.MaxValue : (int)PieceBytes(rate);
    }

    private static long BurstBytes(long rate) => Math.Max(rate / BurstDivisor, 1);

    private static long PieceBytes(long rate) => Math.Min(BurstBytes(rate), MaxPieceBytes);

    private async ValueTask WaitSlowAsync(BandwidthDirection direction, TokenBucket bucket, int remaining, double reserved,
        long delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(ToTimeSpan(delay), _time, cancellationToken).ConfigureAwait(false);
            while (remaining > 0)
            {
                var rate = GetCurrentLimit(direction);
                if (rate == 0) return;
                var piece = (int)Math.Min(remaining, PieceBytes(rate));
                (delay, var duration) = bucket.Reserve(piece, rate, BurstBytes(rate), _time.GetTimestamp(), _time.TimestampFrequency);
                reserved += duration;
                remaining -= piece;
                if (delay > 0) await Task.Delay(ToTimeSpan(delay), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            bucket.Refund(reserved);
            throw;
        }
    }

    // Task.Delay truncates to whole milliseconds, which would wake a waiter up to a millisecond early; rounding up keeps
    // every piece at or behind its slot.
    private TimeSpan ToTimeSpan(long timestampTicks) =>
        TimeSpan.FromMilliseconds(Math.Ceiling(timestampTicks * 1000.0 / _time.TimestampFrequency));

    /// <summary>
    /// A token bucket kept as a "theoretical arrival time" (the generic cell rate algorithm): the moment at which every
    /// byte granted so far will have drained at the rate it was granted at. A request is granted once that moment, moved
    /// on by the request's own duration, is no more than one burst ahead of now. Keeping the state in time rather than in
    /// bytes means a rate change needs no conversion: reservations already made keep their slots and new ones queue
    /// behind them at the new rate. Because each reservation is made under one lock and moves the arrival time forward,
    /// waiters are served in the order they asked.
    /// </summary>
    private sealed class TokenBucket(long now)
    {
        private readonly object _gate = new();

        // Kept in fractional timestamp ticks so that splitting a request into pieces adds no rounding error: the pieces
        // of one burst add up to exactly one burst. A double holds timestamps to well under a tick for centuries of uptime.
        private double _theoreticalArrival = now;

        /// <summary>Reserves <paramref name="bytes"/>; returns how long to wait before sending them and the time they occupy, both in timestamp ticks.</summary>
        public (long Delay, double Duration) Reserve(int bytes, long rate, long burstBytes, long now, long frequency)
        {
            var duration = bytes * (double)frequency / rate;
            var tolerance = burstBytes * (double)frequency / rate;
            lock (_gate)
            {
                // An idle bucket does not bank more than one burst: the arrival time never lags behind now.
                var start = Math.Max(_theoreticalArrival, now);
                _theoreticalArrival = start + duration;

                // Less than a whole tick of waiting is rounding noise, not a limit.
                var delay = _theoreticalArrival - tolerance - now;
                return (delay < 1 ? 0 : (long)Math.Ceiling(delay), duration);
            }
        }

        /// <summary>Gives back reserved time that will not be used, because the waiter was cancelled.</summary>
        public void Refund(double duration)
        {
            lock (_gate)
            {
                _theoreticalArrival -= duration;
            }
        }
    }
}
