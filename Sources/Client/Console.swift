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
        Self.write(text + "\n", to: .standardOutput)
    }

    public func progress(_ text: String) {
        Self.write(text, to: .standardError)
    }

    /// Writes, or ends the process quietly when the reader has gone (`drydock image list | head -1`: a closed pipe
    /// is not an error to report), with the shell's status for a death by SIGPIPE.
    static func write(_ text: String, to handle: FileHandle) {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            exit(141)
        }
    }

    public func ask(_ prompt: String) -> String? {
        Self.write(prompt, to: .standardOutput)
        guard let answer = readLine(strippingNewline: false) else { return nil }
        // `input()` drops one trailing "\n" only (a "\r" stays part of the answer).
        var scalars = answer.unicodeScalars
        if scalars.last == "\n" { scalars.removeLast() }
        return String(scalars)
    }
}
