import Foundation
import Hummingbird
import Prometheus
import Store

/// Prometheus metrics of one service instance, served at `/metrics`. Kept in an instance registry (not the
/// process-global metrics system) so several services in one process (tests) do not collide.
final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let requestDuration: DurationHistogram

    init() {
        requestDuration = registry.makeDurationHistogram(
            name: "drydock_http_request_duration_seconds",
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)],
            help: "API request latency")
    }

    func countRequest(method: String, status: Int) {
        registry.makeCounter(
            name: "drydock_http_requests_total", labels: [("method", method), ("status", String(status))],
            help: "API requests by method and status"
        ).increment()
    }

    /// The text exposition, with the image counts read fresh from the store.
    func render(store: any ImageStore) async -> String {
        if let counts = try? await store.analysisStatusCounts() {
            for status in AnalysisStatus.allCases {
                registry.makeGauge(name: "drydock_images", labels: [("analysis_status", status.rawValue)], help: "Images by analysis status")
                    .set(Double(counts[status] ?? 0))
            }
        }
        return registry.emitToString()
    }
}

/// Records each request's latency and status.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.requestDuration.record(start.duration(to: .now))
        metrics.countRequest(method: request.method.rawValue, status: Int(response.status.code))
        return response
    }
}
