/// `system status|wait` as anchore-cli 0.9.3 runs them (`anchorecli/cli/system.py`).
extension ClientSession {
    /// `system status`: `GET /system`, then one line per service and the engine versions.
    public func systemStatus() async throws(ClientError) {
        emit(try await payload(of: endpoints.systemStatus()), SystemFormatter.status)
    }

    /// `system del HOST_ID SERVICENAME`: `DELETE /system/services/<servicename>/<host_id>`, then `Success`.
    public func deleteService(hostID: String, serviceName: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.deleteService(hostID: hostID, serviceName: serviceName))) { _ in "Success" }
    }

    /// `system webhook test [TYPE] [--ntype N]`: `POST /system/webhooks/<type>/test`, then `Success`.
    public func testWebhook(type: String, notificationType: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.testWebhook(type: type, notificationType: notificationType))) { _ in "Success" }
    }

    /// `system errorcodes`: `GET /system/error_codes`, the table of names and descriptions.
    public func describeErrorCodes() async throws(ClientError) {
        emit(try await payload(of: endpoints.errorCodes()), SystemFormatter.errorCodes)
    }

    /// `system wait`: until the base URL answers, every service in `GET /system` (and each of
    /// `servicesReady`) is up, and each feed in `feedsReady` has synced all its groups. Progress
    /// goes to stderr; a negative timeout waits until done. Runs without the initial access check.
    public func waitForSystem(
        timeout: Double = -1, interval: Double = 5, feedsReady: String = "vulnerabilities",
        servicesReady: String = "catalog,apiext,policy_engine,simplequeue,analyzer"
    ) async throws(ClientError) {
        var lastStatus: Int32 = 0
        do {
            try await waitForSystemSteps(
                timeout: timeout, interval: interval, feedsReady: feedsReady, servicesReady: servicesReady, lastStatus: &lastStatus)
        } catch {
            var error = error
            if lastStatus != 0 { error.exitStatusOverride = lastStatus }
            throw error
        }
    }

    private func waitForSystemSteps(
        timeout: Double, interval: Double, feedsReady: String, servicesReady: String, lastStatus: inout Int32
    ) async throws(ClientError) {
        let start = ContinuousClock.now
        func running() -> Bool { timeout < 0 || Self.seconds(since: start) < timeout }
        let timedOut = ClientError(.timedOut, "timed out after \(JSONValue.pythonFloat(timeout)) seconds.")
        console.progress(
            "Starting checks to wait for anchore-engine to be available timeout=\(JSONValue.pythonFloat(timeout)) "
                + "interval=\(JSONValue.pythonFloat(interval))\n")

        var reachable = false
        while running() {
            console.progress("API availability: Checking anchore-engine URL (\(configuration.url))...\n")
            if (try? await checkAccess()) != nil {
                reachable = true
                break
            }
            await Self.sleep(interval)
        }
        guard reachable else { throw timedOut }
        console.progress("API availability: Success.\n")

        var servicesUp = false
        while running() {
            var services = ReadinessSet(servicesReady.split(separator: ",").map(String.init).filter { !$0.isEmpty })
            console.progress("Service availability: Checking for service set (\(services.names.joined(separator: ",")))...\n")
            do throws(ClientError) {
                let response = try await send(endpoints.systemStatus())
                lastStatus = ExitStatus.forHTTPStatus(response.status)
                if response.isSuccess {
                    for service in try response.payload.get("service_states", .array([])).iterated() {
                        guard case .string(let name) = try service.get("servicename"), !name.isEmpty else { continue }
                        services.add(name)
                        if try service.get("service_detail", .object(JSONObject())).get("up", false).isTruthy { services.markReady(name) }
                    }
                    if services.allReady {
                        servicesUp = true
                        break
                    }
                } else if response.status == 401 {
                    throw ClientError(
                        .httpStatus(401),
                        "service responded with 401 Unauthorized - please check anchore-engine credentials and try again")
                }
            } catch {
                console.line("service status failed \(error.message)")
            }
            await Self.sleep(interval)
        }
        guard servicesUp else { throw timedOut }
        console.progress("Service availability: Success.\n")

        guard !feedsReady.isEmpty else { return }
        var feedsSynced = false
        // Unlike the service set, the feed set is built once: a feed seen synced stays synced.
        var feeds = ReadinessSet(feedsReady.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        while running() {
            console.progress("Feed sync: Checking sync completion for feed set (\(feeds.names.joined(separator: ",")))...\n")
            do throws(ClientError) {
                let response = try await send(endpoints.systemFeeds())
                if response.isSuccess, try feedsAreSynced(response.payload, into: &feeds) {
                    feedsSynced = true
                    break
                }
            } catch where error.code == .notFound {
                throw error
            } catch {
                console.line("service feeds list failed \(error.message)")
            }
            await Self.sleep(interval)
        }
        guard feedsSynced else { throw timedOut }
        console.progress("Feed sync: Success.\n")
    }

    /// Marks each awaited feed whose full sync is done and whose groups all synced (or are
    /// disabled); an awaited feed that is disabled ends the wait (``ClientError/Code/notFound``).
    private func feedsAreSynced(_ payload: JSONValue, into feeds: inout ReadinessSet) throws(ClientError) -> Bool {
        for feed in try payload.iterated() {
            guard case .string(let name) = try feed.get("name"), feeds.names.contains(name) else { continue }
            guard try feed.get("enabled").isTruthy else {
                throw ClientError(.notFound, "Requesting wait for disabled feed: \(name)")
            }
            guard try feed.get("last_full_sync").isTruthy else { continue }
            var allGroupsSynced = false
            for group in try feed.get("groups", .array([])).iterated() {
                let synced = try group.get("last_sync").isTruthy
                let enabled = try group.get("enabled").isTruthy
                allGroupsSynced = synced || !enabled
                if !allGroupsSynced { break }
            }
            if allGroupsSynced { feeds.markReady(name) }
        }
        return feeds.allReady
    }
}

/// Names awaited by `system wait`, in first-seen order, each ready or not.
struct ReadinessSet {
    private(set) var names: [String] = []
    private var ready: Set<String> = []

    init(_ names: [String]) { for name in names { add(name) } }

    mutating func add(_ name: String) { if !names.contains(name) { names.append(name) } }
    mutating func markReady(_ name: String) { ready.insert(name) }
    var allReady: Bool { names.allSatisfy(ready.contains) }
}
