import AsyncHTTPClient
import Foundation
import NIOCore

/// Readiness checks against the test servers.
enum RegistryProbe {
    /// Whether an HTTP GET of `url` gets any response (a 401 counts) within one second.
    static func answers(_ url: URL) async -> Bool {
        let request = HTTPClientRequest(url: url.absoluteString)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(1))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return true
        } catch {
            return false
        }
    }
}
