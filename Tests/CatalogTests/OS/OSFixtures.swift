import Catalog
import Foundation
import TestSupport
import Layers

/// Builders for OS-cataloger fixtures: in-memory trees, paths into `shared/vulndata`, and tools on the machine.
enum OSFixtures {
    /// One file of an in-memory tree.
    struct File {
        var path: String
        var contents: [UInt8]
        var layer: Int

        init(_ path: String, _ text: String, layer: Int = 0) {
            self.path = path
            self.contents = Array(text.utf8)
            self.layer = layer
        }

        init(_ path: String, bytes: [UInt8], layer: Int = 0) {
            self.path = path
            self.contents = bytes
            self.layer = layer
        }
    }

    /// A squashed view holding `files` (all captured), `symlinks` (path → target) and `directories`.
    static func tree(_ files: [File], symlinks: [String: String] = [:], directories: [String] = []) -> FileTree {
        var records = files.map {
            FileRecord(path: $0.path, kind: .regular, size: Int64($0.contents.count), layer: $0.layer)
        }
        records += symlinks.map { FileRecord(path: $0.key, kind: .symlink, linkTarget: $0.value) }
        records += directories.map { FileRecord(path: $0, kind: .directory) }
        var contents: [String: [UInt8]] = [:]
        for file in files { contents[file.path] = file.contents }
        return FileTree(files: records, contents: contents)
    }

    /// `shared/vulndata/NAME`, beside the checkout.
    static func vulndata(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()  // Tests/CatalogTests/OS/OSFixtures.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/vulndata").appendingPathComponent(name)
    }

    /// The first of `names` found on `PATH`.
    static func tool(_ names: String...) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = directory + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Runs a shell command; throws with its output when it fails.
    @discardableResult
    static func shell(_ command: String) throws -> String { try runShell(command) }

    /// A fresh temporary directory, removed by `body`'s end.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("drydock-os-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
