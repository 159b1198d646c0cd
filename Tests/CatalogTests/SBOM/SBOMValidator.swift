import Foundation
import TestSupport

/// Runs scripts/sbom-validate/validate.py (the official CycloneDX and SPDX validators) with the Python of the venv
/// that scripts/python-venv.sh makes.
///
/// The interpreter is `$DRYDOCK_SBOM_VALIDATOR` when set (absolute, or relative to the package root), else
/// `.build/venv-tools/bin/python` when that exists. Neither is a failure, not a skip: SBOM validity is the point
/// of these tests.
struct SBOMValidator: Sendable {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// What one run printed and how it ended.
    struct Outcome {
        var status: Int32
        var output: String
    }

    let python: URL
    let script: URL

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func locate() throws -> SBOMValidator {
        let environment = ProcessInfo.processInfo.environment
        let files = FileManager.default
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : packageRoot.appendingPathComponent(path)
        }
        let script = resolve(environment["DRYDOCK_SBOM_VALIDATE_SCRIPT"] ?? "scripts/sbom-validate/validate.py")
        guard files.fileExists(atPath: script.path) else {
            throw Unavailable(description: "SBOM validator script missing at \(script.path)")
        }
        if let configured = environment["DRYDOCK_SBOM_VALIDATOR"], !configured.isEmpty {
            let python = resolve(configured)
            guard files.isExecutableFile(atPath: python.path) else {
                throw Unavailable(description: """
                    DRYDOCK_SBOM_VALIDATOR=\(configured) is not an executable Python; run scripts/python-venv.sh \
                    (or `make test`, which runs it) to create the validator venv
                    """)
            }
            return SBOMValidator(python: python, script: script)
        }
        let fallback = packageRoot.appendingPathComponent(".build/venv-tools/bin/python")
        guard files.isExecutableFile(atPath: fallback.path) else {
            throw Unavailable(description: """
                The SBOM tests need the official validators (cyclonedx-python-lib, spdx-tools) and found none: \
                run `make test`, or run scripts/python-venv.sh once and then `swift test` (or set \
                DRYDOCK_SBOM_VALIDATOR to a Python that has them)
                """)
        }
        return SBOMValidator(python: fallback, script: script)
    }

    /// Validates the files in one run of the validator.
    func validate(_ files: [URL]) throws -> Outcome {
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path] + files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Writes each document to a fresh temporary directory as `NAME`, validates them all, and removes them. The
    /// validator (Python, seconds) is waited for off the concurrency pool, which other tests' servers need.
    func validate(documents: [(name: String, data: Data)]) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("drydock-sbom-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var urls: [URL] = []
        for document in documents {
            let url = directory.appendingPathComponent(document.name)
            try document.data.write(to: url)
            urls.append(url)
        }
        let validator = self
        let files = urls
        return try await offPool { try validator.validate(files) }
    }
}
