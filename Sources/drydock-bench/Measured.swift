import Foundation

/// One run of a measured tool under GNU time: wall time by the driver's monotonic clock, peak RSS from
/// `/usr/bin/time -v` ("Maximum resident set size", which covers the process and the children it waited for).
struct Measurement: Sendable {
    var wall: Duration
    /// Peak resident set size in bytes.
    var peakRSS: Int64
    /// GNU time's own "Elapsed (wall clock)" reading, 10 ms resolution, kept for cross-checking.
    var timeElapsed: Double?
    /// User plus system CPU seconds (GNU time): less disturbed than wall time on a busy machine.
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
    let time: String
    let timeoutSeconds: Int

    /// Runs `executable arguments` as `time -v -o TIMEFILE timeout --kill-after=10 N executable arguments`,
    /// stdout to `stdout`, stderr to `stderr`. A non-zero exit, a signal or a time-out is a failure carrying
    /// the tail of stderr.
    func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        stdout: String, stderr: String, timeFile: String
    ) async -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            return .failed("\(executable) is not there (not built or not installed)")
        }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        let outcome: ProcessOutcome
        do {
            outcome = try await Subprocess.run(
                time, ["-v", "-o", timeFile, "timeout", "--kill-after=10", "\(timeoutSeconds)", executable] + arguments,
                environment: env, stdout: stdout, stderr: stderr)
        } catch {
            return .failed("\(error)")
        }
        let report = (try? String(contentsOfFile: timeFile, encoding: .utf8)) ?? ""
        let status = Self.value(in: report, after: "Exit status:").flatMap { Int32($0) } ?? outcome.status
        if status == 124 { return .failed("timed out after \(timeoutSeconds) s") }
        if let signal = Self.value(in: report, after: "Command terminated by signal") {
            return .failed("killed by signal \(signal): \(Subprocess.tail(of: stderr))")
        }
        guard outcome.succeeded, status == 0 else {
            let tail = Subprocess.tail(of: stderr)
            return .failed("exit \(status): \(tail.isEmpty ? "(no stderr)" : tail)")
        }
        guard let kilobytes = Self.value(in: report, after: "Maximum resident set size (kbytes):").flatMap({ Int64($0) }) else {
            return .failed("no peak RSS in GNU time's report \(timeFile)")
        }
        let elapsed = Self.value(in: report, after: "Elapsed (wall clock) time (h:mm:ss or m:ss):").flatMap(Self.clockSeconds)
        let user = Self.value(in: report, after: "User time (seconds):").flatMap { Double($0) }
        let system = Self.value(in: report, after: "System time (seconds):").flatMap { Double($0) }
        let cpu = user.flatMap { u in system.map { u + $0 } }
        return .measured(Measurement(wall: outcome.elapsed, peakRSS: kilobytes * 1024, timeElapsed: elapsed, cpuSeconds: cpu))
    }

    /// The text after `label` on the first line holding it, trimmed.
    static func value(in report: String, after label: String) -> String? {
        for line in report.split(separator: "\n") {
            guard let range = line.range(of: label) else { continue }
            return line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// `1:02.34` or `1:02:03.5` → seconds.
    static func clockSeconds(_ text: String) -> Double? {
        var total = 0.0
        for part in text.split(separator: ":") {
            guard let value = Double(part) else { return nil }
            total = total * 60 + value
        }
        return total
    }
}
