using Xunit.Abstractions;
using Xunit.Sdk;

namespace Omnistorage.Conformance;

/// <summary>
/// Marks a conformance case. It runs like <see cref="FactAttribute"/>, except that a case which throws
/// <see cref="SkipCaseException"/> (through <see cref="ConformanceSuite.Skip"/>) is reported as skipped, with its
/// reason, instead of passing silently or failing. xunit 2 has no dynamic skip of its own, and a capability-dependent
/// case that quietly "passes" would hide that a backend never exercised it.
/// </summary>
[XunitTestCaseDiscoverer("Omnistorage.Conformance.ConformanceFactDiscoverer", "Omnistorage.Conformance")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceFactAttribute : FactAttribute
{
}

/// <summary>Thrown by a conformance case that does not apply to the backend under test; reported as a skip.</summary>
public sealed class SkipCaseException(string reason) : Exception(reason);

/// <summary>Creates a <see cref="SkippableTestCase"/> for each <see cref="ConformanceFactAttribute"/> method.</summary>
public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new SkippableTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>A test case whose <see cref="SkipCaseException"/> failures are turned into skips.</summary>
public sealed class SkippableTestCase : XunitTestCase
{
    /// <summary>Used only by xunit's deserializer.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippableTestCase()
    {
    }

    public SkippableTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments,
        ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var skipping = new SkippingMessageBus(messageBus);
        var summary = await base.RunAsync(diagnosticMessageSink, skipping, constructorArguments, aggregator, cancellationTokenSource);
        summary.Failed -= skipping.Skipped;
        summary.Skipped += skipping.Skipped;
        return summary;
    }

    /// <summary>Forwards every message, rewriting a failure caused by <see cref="SkipCaseException"/> into a skip.</summary>
    private sealed class SkippingMessageBus(IMessageBus inner) : IMessageBus
    {
        private static readonly string SkipExceptionName = typeof(SkipCaseException).FullName!;

        public int Skipped { get; private set; }

        public bool QueueMessage(IMessageSinkMessage message)
        {
            if (message is ITestFailed failed && failed.ExceptionTypes.Length > 0 && failed.ExceptionTypes[0] == SkipExceptionName)
            {
                Skipped++;
                return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages[0]));
            }

            return inner.QueueMessage(message);
        }

        public void Dispose()
        {
            // The inner bus belongs to the runner that passed it in.
        }
    }
}
