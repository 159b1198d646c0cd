import Dispatch

/// The threads the tests' in-process HTTP servers (``ScriptedRegistry``, ``TokenIssuer``, a test's webhook receiver,
/// the service a server test starts) run on: a dispatch queue's, not the cooperative pool's.
///
/// `swift test` runs every test at once on the cooperative pool, which has one thread per core. On a 2-core machine
/// the synchronous tests that start first (real feed data parsed and matched, validators waited for) hold both
/// threads for most of a minute, and a server whose `run()` is queued behind them neither listens nor answers until
/// they are done. A server task started with this executor as its preference (`Task(executorPreference:)`) runs its
/// child tasks (one per connection) and the default actors they call here instead, so it listens and answers at
/// once however busy the pool is; only the test that talks to it waits for the pool.
public final class ServerThreads: TaskExecutor {
    /// The one instance every server shares (the queue makes threads as its jobs need them).
    public static let shared = ServerThreads()

    private let queue = DispatchQueue(label: "drydock.test.servers", attributes: .concurrent)

    private init() {}

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Waits until `port()` gives a port (the server's `onServerRunning` stored it), checking once more after the
/// deadline: the waiting test may itself have waited for the pool past it while the server was long up.
/// Returns nil when no port came, or when `port()` gives one that is not positive (the server could not bind).
public func waitForPort(within timeout: Duration, _ port: () -> Int?) async -> Int? {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let port = port() { return port > 0 ? port : nil }
        if ContinuousClock.now >= deadline { return nil }
        try? await Task.sleep(for: .milliseconds(10))
    }
}
