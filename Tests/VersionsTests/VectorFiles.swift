import Foundation
import Testing

/// The shared version-ordering vectors (../shared/vulndata beside the repository), read at test time.
enum VectorFiles {
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    static let vulndata = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/vulndata")
    static let oracles = vulndata.appendingPathComponent("osv-scalibr-version-oracles/semantic/testdata")
    static let apkData = vulndata.appendingPathComponent("apk-tools-version-vectors/test/unit/version.data")

    static func lines(_ url: URL) throws -> [String] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    struct Vector: Sendable, CustomStringConvertible {
        let a: String, op: String, b: String, line: Int
        var description: String { "\(a) \(op) \(b) (line \(line))" }
    }

    /// `A op B` lines of an osv-scalibr file, comments and blank lines skipped.
    static func oracle(_ name: String) throws -> [Vector] {
        var out: [Vector] = []
        for (n, raw) in try lines(oracles.appendingPathComponent(name)).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard f.count == 3 else { Issue.record("\(name):\(n + 1) is not `A op B`: \(line)"); continue }
            out.append(Vector(a: f[0], op: f[1], b: f[2], line: n + 1))
        }
        return out
    }
}

/// A small deterministic generator so random pairs are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs a program, returning its standard output; fails the test when it cannot run.
func run(_ path: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    let inPipe = Pipe()
    if input != nil { p.standardInput = inPipe }
    try p.run()
    if let input {
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
