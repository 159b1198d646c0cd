/// `image wait` and `system wait`: polls bounded by `--timeout` (a negative timeout waits until
/// done, as anchore-cli's does; 0 does not poll at all), with its progress lines.
extension ClientSession {
    /// `image wait IMG`: repeats `image get`'s request until the first record is `analyzed` or
    /// `analysis_failed`, printing `Status:` and `Waiting …` lines, then the image block.
    public func waitForImage(_ input: String, timeout: Double = -1, interval: Double = 5) async throws(ClientError) {
        let request = imageRequest(for: input, history: false)
        let start = ContinuousClock.now
        var finished: JSONValue?
        while timeout < 0 || Self.seconds(since: start) < timeout {
            let response = try await send(request)
            let payload = response.isSuccess ? response.payload : .object(JSONObject())
            guard payload.isTruthy else { throw ClientError(.notFound, "Requested image not found in system") }
            let status = try Self.pythonItem { () throws(ClientError) in try payload.item(0).item("analysis_status") }
            if status == "analyzed" || status == "analysis_failed" {
                finished = payload
                break
            }
            console.line("Status: \(status.pythonString)")
            let shownInterval = JSONValue.pythonFloat(interval)
            if timeout > 0 {
                let remaining = Int(timeout - Self.seconds(since: start))
                console.line("Waiting \(shownInterval) seconds for next retry. Total timeout remaining: \(remaining)")
            } else {
                console.line("Waiting \(shownInterval) seconds for next retry.")
            }
            await Self.sleep(interval)
        }
        guard let finished else {
            throw ClientError(
                .timedOut, "Timed-out waiting for analyis status to reach terminal state (analyzed or analysis_failed)")
        }
        emit(finished, ImageFormatter.records)
    }

    /// A Python exception inside a command body (not a formatter) ends the command with exit 2.
    static func pythonItem(_ read: () throws(ClientError) -> JSONValue) throws(ClientError) -> JSONValue {
        do {
            return try read()
        } catch {
            throw ClientError(.invalidResponse, error.message)
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func sleep(_ seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
    }
}
