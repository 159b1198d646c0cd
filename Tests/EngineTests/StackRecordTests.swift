import Catalog
@testable import Engine
import Foundation
import Layers
import OCI
import Policy
import TestSupport
import Testing

@Suite struct StackRecordTests {
    /// A record with every field in use, optional ones both set and unset.
    static func fullRecord() -> StackRecord {
        let digest = sha256(Array("x".utf8))
        return StackRecord(
            uncompressedSizes: [10, 0, 1 << 40],
            distro: Distro(id: "debian", version: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", idLike: ["x", "y"], namespace: "debian:12"),
            packages: [
                Package(
                    type: .deb, name: "bash", version: "5.2.15-2+b2", purl: "pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64",
                    licenses: ["GPL-3"], locations: ["/var/lib/dpkg/status"], layer: 0, architecture: "amd64",
                    sourceName: "bash", sourceVersion: "5.2.15-2", files: ["/bin/bash", "/usr/share/doc/bash"],
                    metadata: ["maintainer": "Matthias ✓", "installedSize": "7000"]),
                Package(type: .rpm, name: "glibc", version: "2.34", purl: "pkg:rpm/glibc@2.34", epoch: 2, release: "100.el9"),
                Package(type: .python, name: "requests", version: "2.31.0", purl: "pkg:pypi/requests@2.31.0"),
            ],
            files: [
                FileRecord(path: "/bin/bash", kind: .regular, size: 1234, mode: 0o4755, uid: 0, gid: 70_000, sha256: digest, layer: 2),
                FileRecord(path: "/bin/sh", kind: .symlink, mode: 0o777, linkTarget: "bash", layer: 0),
                FileRecord(path: "/dev/null", kind: .characterDevice, mode: 0o666, uid: -2),
            ],
            secrets: [SecretFinding(ruleID: "PASSWORD", path: "/app/config.ini", line: 2, layer: 1, redactedMatch: "pass****word")],
            retrievedFiles: [RetrievedFile(path: "/etc/passwd", layer: 1, content: Data("root:x:0:0::/root:/bin/sh\n\u{0}bin".utf8))],
            issues: [
                AnalysisIssue(source: "dpkg", path: "/var/lib/dpkg/status", layer: 1, message: "bad stanza"),
                AnalysisIssue(source: "layer", message: "no path, no layer"),
            ])
    }

    /// The policy engine decodes only what a bundle reads: each choice of parts gives what
    /// `PolicyInput.keeping(_:)` says of the whole analysis, and a record that decodes in full decodes in part.
    @Test func factsDecodeOnlyThePartsABundleReads() throws {
        let record = Self.fullRecord()
        let config = ImageAnalysis.Source(
            imageID: sha256(Array("c".utf8)), mediaType: MediaType("application/vnd.oci.image.manifest.v1+json"),
            platform: Platform(os: "linux", architecture: "amd64"), uncompressedSize: 10)
        let analysis = ImageAnalysis(
            analyzer: .init(version: "test"), analyzedAt: Date(timeIntervalSince1970: 1_700_000_000), source: config,
            metadata: .init(architecture: "amd64", os: "linux"), distro: record.distro, packages: record.packages, files: record.files,
            secrets: record.secrets, retrievedFiles: record.retrievedFiles, issues: record.issues)
        let facts = try AnalysisFacts.encode(analysis)
        #expect(AnalysisFacts.decode(facts) == analysis)
        let input = PolicyInput(
            imageID: "c", digest: "sha256:d", tag: .init(registry: "r", repository: "a", tag: "1"), analysis: analysis, vulnerabilities: nil,
            feed: .init(namespace: nil, distroNamespace: "debian:12", oldestSync: nil))
        let choices: [AnalysisParts] = [[], .packages, [.packages, .packageFiles], .files, .secrets, .retrievedFiles, .vulnerabilities, .all]
        for parts in choices {
            var expected = input.keeping(parts).analysis
            expected.issues = []  // no trigger reads issues
            var decoded = try #require(AnalysisFacts.decode(facts, reading: parts))
            decoded.issues = []
            #expect(decoded == expected, "\(parts)")
        }
    }

    @Test func theEncodingRoundTripsEveryField() {
        let record = Self.fullRecord()
        #expect(StackRecord(encoded: record.encoded()) == record)
        var empty = record
        empty.distro = nil
        empty.packages = []
        empty.files = []
        empty.secrets = []
        empty.retrievedFiles = []
        empty.issues = []
        #expect(StackRecord(encoded: empty.encoded()) == empty)
    }

    @Test func manyFilesRoundTripInChunksDecodedConcurrently() {
        var record = Self.fullRecord()
        // Two full chunks and a partial one, in an order the decoder must keep.
        record.files = (0..<(2 * StackRecord.fileChunkSize + 452)).map { index in
            FileRecord(
                path: "/data/\(String(index, radix: 36))/file-\(index)", kind: index % 5 == 0 ? .directory : .regular,
                size: Int64(index), mode: 0o644, uid: index % 3, gid: index % 4,
                sha256: index % 2 == 0 ? sha256(Array("\(index)".utf8)) : nil, layer: index % 3)
        }
        #expect(StackRecord(encoded: record.encoded()) == record)
    }

    @Test func malformedFileChunksAreRefused() throws {
        func chunk(_ files: [FileRecord]) -> [UInt8] {
            var writer = ByteWriter()
            for file in files { writer.file(file, withLayer: true) }
            return writer.bytes
        }
        let files = (0..<3).map { FileRecord(path: "/f\($0)", kind: .regular, size: Int64($0), mode: 0o600, layer: $0) }
        let whole = chunk(files)
        let decoded = try whole.withUnsafeBytes { try StackRecord.decodeFiles([$0], count: 3) }
        #expect(decoded == files)
        // A chunk with bytes left over, and one that ends early.
        let extra = whole + [0]
        #expect(throws: ByteReader.Malformed.self) { try extra.withUnsafeBytes { try StackRecord.decodeFiles([$0], count: 3) } }
        let short = Array(whole.dropLast(3))
        #expect(throws: ByteReader.Malformed.self) { try short.withUnsafeBytes { try StackRecord.decodeFiles([$0], count: 3) } }
        #expect(throws: ByteReader.Malformed.self) { try whole.withUnsafeBytes { try StackRecord.decodeFiles([$0], count: 4) } }
    }

    /// Chunks decode in place into one array, in order; a bad chunk after good ones fails the whole list (the files
    /// already decoded are released), and so does a chunk count that does not fit the file count.
    @Test func chunksDecodeInPlaceAndInOrder() throws {
        let files = (0..<2_500).map {
            FileRecord(path: "/dir\($0 % 7)/file-\($0)", kind: .regular, size: Int64($0), mode: 0o644, layer: $0 % 2)
        }
        let chunks = stride(from: 0, to: files.count, by: StackRecord.fileChunkSize).map { start in
            var writer = ByteWriter()
            for file in files[start..<min(start + StackRecord.fileChunkSize, files.count)] { writer.file(file, withLayer: true) }
            return writer.bytes
        }
        #expect(chunks.count == 3)
        func decode(_ chunks: [[UInt8]], count: Int) throws -> [FileRecord] {
            let copies = chunks.map { bytes -> UnsafeMutableRawBufferPointer in
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
                buffer.copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: bytes.count))
                return UnsafeMutableRawBufferPointer(rebasing: buffer[..<bytes.count])
            }
            defer { for copy in copies { UnsafeMutableRawBufferPointer(start: copy.baseAddress, count: 1).deallocate() } }
            return try StackRecord.decodeFiles(copies.map { UnsafeRawBufferPointer($0) }, count: count)
        }
        #expect(try decode(chunks, count: files.count) == files)
        var broken = chunks
        broken[2] = Array(broken[2].dropLast(5))
        #expect(throws: ByteReader.Malformed.self) { try decode(broken, count: files.count) }
        #expect(throws: ByteReader.Malformed.self) { try decode(Array(chunks.prefix(2)), count: files.count) }
        #expect(try decode([], count: 0).isEmpty)
    }

    @Test func anyCorruptionIsAMiss() {
        let encoded = Self.fullRecord().encoded()
        for index in [0, 4, encoded.count / 3, encoded.count / 2, encoded.count - 1] {
            var broken = encoded
            broken[index] ^= 0x01
            #expect(StackRecord(encoded: broken) == nil)
        }
        #expect(StackRecord(encoded: Array(encoded.prefix(20))) == nil)
        #expect(StackRecord(encoded: []) == nil)
        #expect(StackRecord(encoded: LayerRecord(diffID: OCI.Digest(algorithm: .sha256, bytes: [UInt8](repeating: 1, count: 32)), uncompressedSize: 1).encoded()) == nil)
    }

    @Test func chainIDsFollowTheOCIDefinition() throws {
        let a = try OCI.Digest(parsing: "sha256:" + String(repeating: "a", count: 64))
        let b = try OCI.Digest(parsing: "sha256:" + String(repeating: "b", count: 64))
        #expect(StackRecord.chainID([]) == nil)
        #expect(StackRecord.chainID([a]) == a)
        let expected = sha256(Array("\(a) \(b)".utf8))
        #expect(StackRecord.chainID([a, b]) == expected)
        #expect(StackRecord.chainID([b, a]) != expected)
    }

    @Test func theKeyChangesWithWhatTheCatalogStageFinds() throws {
        let plain = AnalyzerConfiguration()
        var withSecrets = AnalyzerConfiguration()
        withSecrets.secrets = try SecretScanner()
        var otherRules = AnalyzerConfiguration()
        otherRules.secrets = try SecretScanner(rules: [SecretRule(id: "X", pattern: "x+")])
        var fewer = AnalyzerConfiguration()
        fewer.catalogers = Array(fewer.catalogers.dropLast())
        let keys = [plain, withSecrets, otherRules, fewer].map(\.stackFingerprint)
        #expect(Set(keys).count == 4)
        #expect(AnalyzerConfiguration().stackFingerprint == plain.stackFingerprint)
    }
}
