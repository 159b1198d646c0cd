import ServiceLifecycle

/// Runs `body` every `interval` (first after one interval) until the task is cancelled or the service group
/// shuts down gracefully: the loop of the watchers.
func repeatEvery(_ interval: Duration, _ body: @escaping @Sendable () async -> Void) async {
    await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            await body()
        }
    }
}
