import Foundation

/// Where a command writes: ``line(_:)`` is Python's `print(text)` (text plus a newline, on
/// stdout), ``progress(_:)`` is `sys.stderr.write(text)` (no newline added), ``ask(_:)`` is
/// `input(prompt)`.
public protocol Console: Sendable {
    func line(_ text: String)
    func progress(_ text: String)
    /// Python's `input(prompt)`: writes the prompt (no newline) to stdout and reads one line,
    /// without its newline; `nil` at end of input (Python's `EOFError`).
    func ask(_ prompt: String) -> String?
}

/// The process's stdout and stderr, written unbuffered so progress and results interleave as
/// anchore-cli's do; answers come from stdin.
public struct StandardConsole: Console {
    public init() {}

    public func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public func progress(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    public func ask(_ prompt: String) -> String? {
        FileHandle.standardOutput.write(Data(prompt.utf8))
        guard let answer = readLine(strippingNewline: false) else { return nil }
        // `input()` drops one trailing "\n" only (a "\r" stays part of the answer).
        var scalars = answer.unicodeScalars
        if scalars.last == "\n" { scalars.removeLast() }
        return String(scalars)
    }
}
