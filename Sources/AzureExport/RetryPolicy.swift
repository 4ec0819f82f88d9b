/// How throttled calls are retried: exponential backoff with full jitter, a bounded number of times.
/// Sleep and randomness are injected so tests never wait.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var attempts: Int
    /// The first backoff; each retry doubles it, up to `maximumDelay`.
    package var baseDelay: Duration
    package var maximumDelay: Duration
    /// Sleeps for a duration (the real one is `Task.sleep(for:)`).
    package var sleep: @Sendable (Duration) async throws -> Void
    /// A number in [0, 1) that scales each backoff (full jitter).
    package var jitter: @Sendable () -> Double

    package init(
        attempts: Int = 6, baseDelay: Duration = .seconds(2), maximumDelay: Duration = .seconds(60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.sleep = sleep
        self.jitter = jitter
    }

    /// The wait before retry number `retry` (1 for the first retry): a random part of min(max, base × 2^(retry-1)),
    /// never less than half of it so a burst of retries still spreads out.
    package func delay(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 20)
        let ceiling = min(maximumDelay, baseDelay * (1 << exponent))
        let fraction = min(max(jitter(), 0), 1)
        return ceiling * (0.5 + fraction / 2)
    }
}
