import Engine
import Foundation
import Synchronization

/// A one-line progress display on standard error, redrawn in place; silent when not on a terminal.
final class ProgressDisplay: Sendable {
    private struct State {
        var layers = 0
        var total: Int64 = 0
        var done = Set<Int>()
        var cached = Set<Int>()
        var read: [Int: Int64] = [:]
        var phase = "resolving"
        var drawn = false
    }

    private let enabled: Bool
    private let state = Mutex(State())

    init(enabled: Bool) { self.enabled = enabled }

    @Sendable func update(_ event: AnalysisProgress) {
        guard enabled else { return }
        let line: String = state.withLock { state in
            switch event {
            case .resolved(let layers, let bytes):
                state.layers = layers
                state.total = bytes
                state.phase = "reading layers"
            case .layerCached(let index): state.cached.insert(index); state.done.insert(index)
            case .layerBytes(let index, let read, _): state.read[index] = read
            case .layerDone(let index): state.done.insert(index)
            case .cataloging: state.phase = "cataloging"
            }
            state.drawn = true
            let mb = Double(state.read.values.reduce(0, +)) / 1_048_576
            return String(
                format: "\r\u{1B}[2K%@: %d/%d layers (%d cached), %.1f of %.1f MB",
                state.phase, state.done.count, state.layers, state.cached.count, mb, Double(state.total) / 1_048_576)
        }
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        let drawn = state.withLock { state in
            defer { state.drawn = false }
            return state.drawn
        }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
