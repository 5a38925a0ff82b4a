namespace Omnistorage.Core.Tests.Sync.Transfers;

/// <summary>
/// A clock that only moves when a test calls <see cref="Advance"/>. Timers created through it (including those behind
/// <c>Task.Delay(delay, provider, token)</c>) fire in due order while the clock is advanced, so throttling can be tested
/// without depending on real time.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _startUtc;
    private readonly TimeZoneInfo _localZone;
    private long _elapsedTicks;
    private long _sequence;
    private TaskCompletionSource _timerArmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManualTimeProvider(DateTimeOffset startUtc, TimeZoneInfo? localZone = null)
    {
        _startUtc = startUtc;
        _localZone = localZone ?? TimeZoneInfo.Utc;
    }

    public override TimeZoneInfo LocalTimeZone => _localZone;

    // Timestamps are TimeSpan ticks so that conversions in the code under test are exact.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate) return _elapsedTicks;
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _startUtc.AddTicks(_elapsedTicks);
    }

    /// <summary>How long the clock has been advanced since it was created.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate) return TimeSpan.FromTicks(_elapsedTicks);
        }
    }

    /// <summary>Timers created and neither fired nor disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate) return _timers.Count;
        }
    }

    /// <summary>
    /// A task that completes the next time a timer is created or re-armed; read it before checking
    /// <see cref="PendingTimers"/> so that a timer created in between is not missed.
    /// </summary>
    public Task NextTimerArmed
    {
        get
        {
            lock (_gate) return _timerArmed.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, each at its own due time.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_gate) target = _elapsedTicks + by.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueTicks <= target).OrderBy(t => t.DueTicks).ThenBy(t => t.Sequence).FirstOrDefault();
                if (next is null)
                {
                    _elapsedTicks = target;
                    return;
                }

                _elapsedTicks = Math.Max(_elapsedTicks, next.DueTicks);
                _timers.Remove(next);
                if (next.PeriodTicks > 0)
                {
                    next.DueTicks += next.PeriodTicks;
                    next.Sequence = ++_sequence;
                    _timers.Add(next);
                }
            }

            // Callbacks run outside the lock: the continuations they release may create timers straight away.
            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long DueTicks { get; set; }
        public long PeriodTicks { get; private set; }
        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                DueTicks = owner._elapsedTicks + dueTime.Ticks;
                PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                Sequence = ++owner._sequence;
                owner._timers.Add(this);
                owner._timerArmed.SetResult();
                owner._timerArmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return true;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate) owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
