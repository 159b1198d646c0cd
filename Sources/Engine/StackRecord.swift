import Catalog
import Crypto
import Foundation
import Layers
import OCI

/// What the analysis of a whole stack of layers found: everything of an ``ImageAnalysis`` that depends only on the
/// layers' contents (files, distro, packages, secrets in files, issues), not on the image's config or name. Kept in
/// the ``LayerCache`` under the stack's chain ID, so re-analyzing an image whose layers were all analyzed together
/// before skips reading the layer records, the squash and the catalogers.
struct StackRecord: Hashable {
    /// The uncompressed size of each layer, base first.
    var uncompressedSizes: [Int64]
    var distro: Distro?
    var packages: [Package]
    var files: [FileRecord]
    /// Secret findings in files (the environment's are found from the config each time).
    var secrets: [SecretFinding]
    /// Files whose contents were kept (the configured `retrieve_files`).
    var retrievedFiles: [RetrievedFile]
    /// The layers' issues (with their layer index), the squash's and the catalogers'.
    var issues: [AnalysisIssue]

    /// Bumped whenever the encoding changes; part of the cache key.
    static let formatVersion: UInt8 = 4
    /// Files are stored in chunks of this many, each prefixed by its byte length, so they decode on all cores (a
    /// cached re-scan decodes tens of thousands).
    static let fileChunkSize = 1024
    private static let magic: [UInt8] = Array("DDSR".utf8)

    /// OCI's ChainID of a stack of diffIDs, base first: the base's diffID, then `sha256(chain + " " + diffID)`.
    static func chainID(_ diffIDs: [OCI.Digest]) -> OCI.Digest? {
        guard var chain = diffIDs.first else { return nil }
        for diffID in diffIDs.dropFirst() {
            chain = OCI.Digest(algorithm: .sha256, bytes: SHA256.hash(data: Array("\(chain) \(diffID)".utf8)))
        }
        return chain
    }

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 4096 + files.count * 100 + packages.count * 1024)
        writer.raw(Self.magic)
        writer.byte(Self.formatVersion)
        writer.count(uncompressedSizes.count)
        for size in uncompressedSizes { writer.varint(UInt64(max(0, size))) }
        writer.byte(distro == nil ? 0 : 1)
        if let distro {
            writer.string(distro.id)
            writer.string(distro.version)
            writer.optionalString(distro.prettyName)
            writer.strings(distro.idLike)
            writer.string(distro.namespace)
            writer.optionalString(distro.channel)
        }
        writer.count(packages.count)
        for package in packages { Self.write(package, to: &writer) }
        writer.count(files.count)
        for start in stride(from: 0, to: files.count, by: Self.fileChunkSize) {
            var chunk = ByteWriter(capacity: Self.fileChunkSize * 100)
            for file in files[start..<min(start + Self.fileChunkSize, files.count)] { chunk.file(file, withLayer: true) }
            writer.data(chunk.bytes)
        }
        writer.count(secrets.count)
        for secret in secrets {
            writer.string(secret.ruleID)
            writer.string(secret.path)
            writer.signed(Int64(secret.line))
            writer.signed(Int64(secret.layer))
            writer.string(secret.redactedMatch)
        }
        writer.count(retrievedFiles.count)
        for file in retrievedFiles {
            writer.string(file.path)
            writer.signed(Int64(file.layer))
            writer.data(Array(file.content))
        }
        writer.issues(issues)
        return writer.sealed()
    }

    /// Which parts of a record to decode; the others are skipped over and left empty.
    struct Reading: Sendable {
        var packages = true
        /// Each package's purl, locations and metadata.
        var packageDetails = true
        /// Which files each package owns.
        var packageFiles = true
        var files = true
        var secrets = true
        var retrievedFiles = true

        static let everything = Reading()
    }

    /// Decodes ``encoded()``; nil for anything else (another format version, corruption).
    init?(encoded bytes: [UInt8], reading: Reading = .everything) {
        guard let body = ByteReader.unsealed(bytes),
            let record = body.withUnsafeBytes({ buffer -> StackRecord? in
                var reader = ByteReader(buffer)
                return try? Self.decode(&reader, reading)
            })
        else { return nil }
        self = record
    }

    init(
        uncompressedSizes: [Int64], distro: Distro?, packages: [Package], files: [FileRecord], secrets: [SecretFinding],
        retrievedFiles: [RetrievedFile] = [], issues: [AnalysisIssue]
    ) {
        self.uncompressedSizes = uncompressedSizes
        self.distro = distro
        self.packages = packages
        self.files = files
        self.secrets = secrets
        self.retrievedFiles = retrievedFiles
        self.issues = issues
    }

    private static func decode(_ reader: inout ByteReader, _ reading: Reading) throws(ByteReader.Malformed) -> StackRecord {
        guard Array(try reader.raw(magic.count)) == magic, try reader.byte() == formatVersion else {
            throw .init(offset: 0, what: "not a stack record of format \(formatVersion)")
        }
        var sizes: [Int64] = []
        for _ in 0..<(try reader.count()) { sizes.append(Int64(try reader.varint())) }
        var distro: Distro?
        if try reader.byte() != 0 {
            let id = try reader.string()
            let version = try reader.string()
            let prettyName = try reader.optionalString()
            let idLike = try reader.strings()
            let namespace = try reader.string()
            distro = Distro(id: id, version: version, prettyName: prettyName, idLike: idLike, namespace: namespace, channel: try reader.optionalString())
        }
        let packageCount = try reader.count()
        var packages: [Package] = []
        if reading.packages {
            packages.reserveCapacity(packageCount)
            for _ in 0..<packageCount { packages.append(try readPackage(&reader, reading)!) }
        } else {
            for _ in 0..<packageCount { _ = try readPackage(&reader, nil) }
        }
        let fileCount = try reader.count()
        var chunks: [UnsafeRawBufferPointer] = []
        for _ in stride(from: 0, to: fileCount, by: fileChunkSize) { chunks.append(try reader.raw(try reader.count())) }
        let files = reading.files ? try decodeFiles(chunks, count: fileCount) : []
        var secrets: [SecretFinding] = []
        for _ in 0..<(try reader.count()) {
            let ruleID = try reader.string()
            let path = try reader.string()
            let line = Int(try reader.signed())
            let layer = Int(try reader.signed())
            let finding = SecretFinding(ruleID: ruleID, path: path, line: line, layer: layer, redactedMatch: try reader.string())
            if reading.secrets { secrets.append(finding) }
        }
        var retrieved: [RetrievedFile] = []
        for _ in 0..<(try reader.count()) {
            let path = try reader.string()
            let layer = Int(try reader.signed())
            let content = try reader.raw(try reader.count())
            if reading.retrievedFiles { retrieved.append(RetrievedFile(path: path, layer: layer, content: Data(content))) }
        }
        let issues = try reader.issues()
        guard reader.remaining == 0 else { throw .init(offset: reader.offset, what: "\(reader.remaining) extra bytes") }
        return StackRecord(
            uncompressedSizes: sizes, distro: distro, packages: packages, files: files, secrets: secrets, retrievedFiles: retrieved,
            issues: issues)
    }

    /// The files of ``encoded()``'s chunks, decoded concurrently straight into their places in one array (no
    /// per-chunk arrays to copy and release: a cached re-scan decodes tens of thousands of files).
    static func decodeFiles(_ chunks: [UnsafeRawBufferPointer], count: Int) throws(ByteReader.Malformed) -> [FileRecord] {
        guard chunks.count == (count + fileChunkSize - 1) / fileChunkSize else {
            throw ByteReader.Malformed(offset: 0, what: "\(chunks.count) file chunks for \(count) files")
        }
        guard count > 0 else { return [] }
        let outcomes = ChunkOutcomes(count: chunks.count)
        defer { outcomes.deallocate() }
        var failure: ByteReader.Malformed?
        let files = [FileRecord](unsafeUninitializedCapacity: count) { buffer, initialized in
            let output = ChunkOutput(chunks: chunks, base: buffer.baseAddress!)
            let decodeChunk: @Sendable (Int) -> Void = { index in
                var reader = ByteReader(output.chunks[index])
                let start = index * fileChunkSize
                let expected = min(fileChunkSize, count - start)
                var done = 0
                do throws(ByteReader.Malformed) {
                    while done < expected {
                        (output.base + start + done).initialize(to: try reader.file(withLayer: true))
                        done += 1
                    }
                    guard reader.remaining == 0 else {
                        throw ByteReader.Malformed(offset: reader.offset, what: "\(reader.remaining) extra bytes in file chunk \(index)")
                    }
                } catch {
                    outcomes.errors[index] = error
                }
                outcomes.decoded[index] = done
            }
            DispatchQueue.concurrentPerform(iterations: chunks.count, execute: decodeChunk)
            if let index = chunks.indices.first(where: { outcomes.errors[$0] != nil }) {
                failure = outcomes.errors[index]
                for chunk in chunks.indices { (output.base + chunk * fileChunkSize).deinitialize(count: outcomes.decoded[chunk]) }
                initialized = 0
            } else {
                initialized = count
            }
        }
        if let failure { throw failure }
        return files
    }

    /// The chunks' bytes and the array they decode into; iteration `i` of the concurrent loop reads only chunk `i`
    /// and initializes only its files.
    private struct ChunkOutput: @unchecked Sendable {
        let chunks: [UnsafeRawBufferPointer]
        let base: UnsafeMutablePointer<FileRecord>
    }

    /// Per chunk, how many files were decoded and the error that stopped it: iteration `i` writes only slot `i`.
    private struct ChunkOutcomes: @unchecked Sendable {
        let decoded: UnsafeMutablePointer<Int>
        let errors: UnsafeMutablePointer<ByteReader.Malformed?>
        let count: Int
        init(count: Int) {
            self.count = count
            decoded = .allocate(capacity: count)
            decoded.initialize(repeating: 0, count: count)
            errors = .allocate(capacity: count)
            errors.initialize(repeating: nil, count: count)
        }
        func deallocate() {
            decoded.deallocate()
            errors.deinitialize(count: count)
            errors.deallocate()
        }
    }

    private static func write(_ package: Package, to writer: inout ByteWriter) {
        writer.string(package.type.rawValue)
        writer.string(package.name)
        writer.string(package.version)
        writer.string(package.purl)
        writer.strings(package.licenses)
        writer.strings(package.locations)
        writer.byte(package.layer == nil ? 0 : 1)
        if let layer = package.layer { writer.signed(Int64(layer)) }
        writer.optionalString(package.architecture)
        writer.optionalString(package.sourceName)
        writer.optionalString(package.sourceVersion)
        writer.byte(package.epoch == nil ? 0 : 1)
        if let epoch = package.epoch { writer.signed(Int64(epoch)) }
        writer.optionalString(package.release)
        writer.strings(package.files)
        let metadata = package.metadata.sorted { $0.key < $1.key }
        writer.strings(metadata.map(\.key))
        writer.strings(metadata.map(\.value))
    }

    /// A package; its details and files only when `reading` asks for them, nothing made at all (the bytes only
    /// stepped over) when `reading` is nil.
    private static func readPackage(_ reader: inout ByteReader, _ reading: Reading?) throws(ByteReader.Malformed) -> Package? {
        guard let reading else {
            for _ in 0..<4 { try reader.skipString() }
            try reader.skipStrings()
            try reader.skipStrings()
            if try reader.byte() != 0 { _ = try reader.signed() }
            for _ in 0..<3 { try reader.skipOptionalString() }
            if try reader.byte() != 0 { _ = try reader.signed() }
            try reader.skipOptionalString()
            for _ in 0..<3 { try reader.skipStrings() }
            return nil
        }
        let typeName = try reader.string()
        guard let type = PackageType(rawValue: typeName) else {
            throw .init(offset: reader.offset, what: "package type \(typeName)")
        }
        let name = try reader.string()
        let version = try reader.string()
        var package: Package
        if reading.packageDetails {
            package = Package(type: type, name: name, version: version, purl: try reader.string())
        } else {
            try reader.skipString()
            package = Package(type: type, name: name, version: version, purl: "")
        }
        package.licenses = try reader.strings()
        if reading.packageDetails { package.locations = try reader.strings() } else { try reader.skipStrings() }
        if try reader.byte() != 0 { package.layer = Int(try reader.signed()) }
        package.architecture = try reader.optionalString()
        package.sourceName = try reader.optionalString()
        package.sourceVersion = try reader.optionalString()
        if try reader.byte() != 0 { package.epoch = Int(try reader.signed()) }
        package.release = try reader.optionalString()
        if reading.packageFiles { package.files = try reader.strings() } else { try reader.skipStrings() }
        if reading.packageDetails {
            let keys = try reader.strings()
            let values = try reader.strings()
            guard keys.count == values.count else { throw .init(offset: reader.offset, what: "package metadata") }
            package.metadata = Dictionary(zip(keys, values), uniquingKeysWith: { _, last in last })
        } else {
            try reader.skipStrings()
            try reader.skipStrings()
        }
        return package
    }
}
