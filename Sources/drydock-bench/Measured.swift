import ArgumentParser
import Foundation

/// One run of a measured tool (see ``SpawnCommand``): wall time from the spawn to the end, peak RSS and CPU time
/// from the kernel's resource usage of the process (the figures GNU time prints).
struct Measurement: Sendable {
    var wall: Duration
    /// Peak resident set size in bytes (`ru_maxrss`).
    var peakRSS: Int64
    /// User plus system CPU seconds: less disturbed than wall time on a busy machine.
    var cpuSeconds: Double?
}

/// A measured cell: a measurement or why there is none.
enum Outcome: Sendable {
    case measured(Measurement)
    case failed(String)

    var measurement: Measurement? {
        if case .measured(let m) = self { return m }
        return nil
    }
}

struct MeasuredCommand {
    let timeoutSeconds: Int

    /// Runs `executable arguments`, stdin from /dev/null, stdout to `stdout`, stderr to `stderr`, through
    /// `drydock-bench spawn` (see ``SpawnCommand``), which times it and reads its resource usage. A non-zero exit, a
    /// signal or a time-out (SIGTERM after `timeoutSeconds`, SIGKILL 10 s later) is a failure carrying the tail of
    /// stderr.
    func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        stdout: String, stderr: String
    ) async -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            return .failed("\(executable) is not there (not built or not installed)")
        }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        let report = stderr + ".spawn"
        let helper: ProcessOutcome
        do {
            helper = try await Subprocess.run(
                SpawnCommand.executable,
                ["spawn", "--report", report, "--timeout", "\(timeoutSeconds)", "--", executable] + arguments,
                environment: env, stdout: stdout, stderr: stderr)
        } catch {
            return .failed("\(error)")
        }
        guard helper.succeeded, let text = try? String(contentsOfFile: report, encoding: .utf8),
            let reaped = ReapedProcess(report: text)
        else {
            return .failed("the spawn helper failed (exit \(helper.status)): \(Subprocess.tail(of: stderr))")
        }
        if reaped.timedOut { return .failed("timed out after \(timeoutSeconds) s") }
        if let signal = reaped.signal { return .failed("killed by signal \(signal): \(Subprocess.tail(of: stderr))") }
        guard reaped.status == 0 else {
            let tail = Subprocess.tail(of: stderr)
            return .failed("exit \(reaped.status): \(tail.isEmpty ? "(no stderr)" : tail)")
        }
        return .measured(Measurement(wall: reaped.elapsed, peakRSS: reaped.peakRSS, cpuSeconds: reaped.cpuSeconds))
    }

    /// The text after `label` on the first line holding it, trimmed.
    static func value(in report: String, after label: String) -> String? {
        for line in report.split(separator: "\n") {
            guard let range = line.range(of: label) else { continue }
            return line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

/// `drydock-bench spawn --report FILE --timeout S -- PROGRAM ARGS…`: runs one measured process and writes how it
/// ended, its wall time and its resource usage to FILE. A process of its own because the kernel's peak RSS of a
/// child starts from the memory of the process that spawned it: the driver holds 100 MB, this helper about 20 MB,
/// under every measured tool's peak. It takes the time itself (spawn to end), so its own start-up is not counted,
/// as GNU time's and timeout's were (4–5 ms of every run).
struct SpawnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "spawn", abstract: "Run and measure one process (used by run).")

    @Option(help: "Where to write the measurement.") var report: String
    @Option(help: "SIGTERM after this many seconds, SIGKILL 10 s later.") var timeout = 1200
    @Argument(parsing: .captureForPassthrough, help: "The program and its arguments.") var command: [String]

    /// This executable, to run as the helper.
    static var executable: String { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path }

    func run() throws {
        let words = command.first == "--" ? Array(command.dropFirst()) : command
        guard let program = words.first else { throw ValidationError("no program to run") }
        let reaped = try ReapedProcess.run(program, Array(words.dropFirst()), timeoutSeconds: timeout)
        try reaped.report.write(toFile: report, atomically: true, encoding: .utf8)
    }
}

/// A child started with `posix_spawn` and reaped with `wait4`: the wait returns the moment the child ends and
/// brings the child's own resource usage.
struct ReapedProcess: Sendable {
    var status: Int32
    var signal: Int32?
    var timedOut: Bool
    var elapsed: Duration
    var peakRSS: Int64
    var cpuSeconds: Double

    /// Spawns `executable` with this process's standard descriptors and environment and waits for it.
    static func run(_ executable: String, _ arguments: [String], timeoutSeconds: Int) throws -> ReapedProcess {
        // The child starts with no blocked signals and default dispositions (Swift's runtime ignores SIGPIPE, and
        // ignored signals would stay ignored across exec).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }

        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawnp(&pid, executable, nil, &attributes, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        let timer = Timeout(pid: pid, seconds: timeoutSeconds)
        // Wait for the end without reaping (so the pid cannot be reused while the time limit may still signal
        // it), take the time, stop the time limit, then reap for the status and the usage.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        let end = ContinuousClock.now
        let timedOut = timer.finish()
        var status: Int32 = 0
        var usage = rusage()
        var waited: pid_t
        repeat { waited = wait4(pid, &status, 0, &usage) } while waited < 0 && errno == EINTR
        guard waited == pid else { throw BenchError("cannot wait for \(executable): \(String(cString: strerror(errno)))") }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let signal = status & 0x7F
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return ReapedProcess(
            status: signal == 0 ? (status >> 8) & 0xFF : 0, signal: signal == 0 ? nil : signal, timedOut: timedOut,
            elapsed: end - start, peakRSS: Int64(usage.ru_maxrss) * 1024, cpuSeconds: cpu)
    }

    /// One line: status, signal (0 for none), timed out (0/1), wall nanoseconds, peak RSS bytes, CPU seconds.
    var report: String {
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        return "\(status) \(signal ?? 0) \(timedOut ? 1 : 0) \(nanoseconds) \(peakRSS) \(cpuSeconds)\n"
    }

    init(status: Int32, signal: Int32?, timedOut: Bool, elapsed: Duration, peakRSS: Int64, cpuSeconds: Double) {
        self.status = status
        self.signal = signal
        self.timedOut = timedOut
        self.elapsed = elapsed
        self.peakRSS = peakRSS
        self.cpuSeconds = cpuSeconds
    }

    /// Reads ``report``.
    init?(report: String) {
        let fields = report.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 6, let status = Int32(fields[0]), let signal = Int32(fields[1]),
            let nanoseconds = Int64(fields[3]), let peak = Int64(fields[4]), let cpu = Double(fields[5])
        else { return nil }
        self.init(
            status: status, signal: signal == 0 ? nil : signal, timedOut: fields[2] == "1",
            elapsed: .nanoseconds(nanoseconds), peakRSS: peak, cpuSeconds: cpu)
    }

    /// SIGTERM after the time limit, SIGKILL 10 s later, unless the child ended first.
    private final class Timeout: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        private var fired = false

        init(pid: pid_t, seconds: Int) {
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds)) { [self] in
                guard signal(pid, SIGTERM) else { return }
                DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(10)) { [self] in _ = signal(pid, SIGKILL) }
            }
        }

        /// Sends `signal` unless the child has ended (once reaped, its pid could belong to another process).
        private func signal(_ pid: pid_t, _ signal: Int32) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard !done else { return false }
            fired = true
            kill(pid, signal)
            return true
        }

        /// Marks the child ended (called before it is reaped); whether the time limit had fired.
        func finish() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            done = true
            return fired
        }
    }
}
