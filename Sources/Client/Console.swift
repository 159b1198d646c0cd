import Foundation

/// Where a command writes: ``line(_:)`` is Python's `print(text)` (text plus a newline, on
/// stdout), ``progress(_:)`` is `sys.stderr.write(text)` (no newline added).
public protocol Console: Sendable {
    func line(_ text: String)
    func progress(_ text: String)
}

/// The process's stdout and stderr, written unbuffered so progress and results interleave as
/// anchore-cli's do.
public struct StandardConsole: Console {
    public init() {}

    public func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public func progress(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
