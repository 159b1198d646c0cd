import Layers

/// The fields of an installed rpm that Drydock keeps, read from its header.
struct RpmPackageInfo: Sendable, Hashable {
    var name: String
    var version: String
    var release: String
    var epoch: Int?
    var architecture: String
    /// The source rpm file name, e.g. `bash-5.1.8-6.el9.src.rpm`.
    var sourceRPM: String
    var license: String
    var vendor: String
    var size: Int?
    var modularityLabel: String
    /// Owned paths (`DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]`, or the old `OLDFILENAMES`).
    var files: [String]

    init(_ header: RpmHeader) {
        name = header.string(RpmHeader.Tag.name) ?? ""
        version = header.string(RpmHeader.Tag.version) ?? ""
        release = header.string(RpmHeader.Tag.release) ?? ""
        epoch = header.int32(RpmHeader.Tag.epoch).map(Int.init)
        architecture = header.string(RpmHeader.Tag.arch) ?? ""
        sourceRPM = header.string(RpmHeader.Tag.sourceRPM) ?? ""
        license = header.string(RpmHeader.Tag.license) ?? ""
        vendor = header.string(RpmHeader.Tag.vendor) ?? ""
        size = header.int32(RpmHeader.Tag.size).map { Int(UInt32(bitPattern: $0)) }
        modularityLabel = header.string(RpmHeader.Tag.modularityLabel) ?? ""
        let baseNames = header.stringArray(RpmHeader.Tag.baseNames)
        let dirNames = header.stringArray(RpmHeader.Tag.dirNames)
        let dirIndexes = header.int32Array(RpmHeader.Tag.dirIndexes)
        if !baseNames.isEmpty, dirIndexes.count == baseNames.count {
            files = zip(baseNames, dirIndexes).compactMap { base, index in
                guard index >= 0, Int(index) < dirNames.count else { return nil }
                return PathCleaner.clean(dirNames[Int(index)] + base)
            }
        } else {
            files = header.stringArray(RpmHeader.Tag.oldFilenames).compactMap { PathCleaner.clean($0) }
        }
    }

    /// `EPOCH:VERSION-RELEASE`, or `VERSION-RELEASE` without an epoch (syft's package version).
    var evr: String {
        let vr = version + "-" + release
        return epoch.map { "\($0):" + vr } ?? vr
    }

    /// `bash-5.1.8-6.el9.src.rpm` → (`bash`, `5.1.8-6.el9`).
    var source: (name: String, versionRelease: String)? {
        var base = sourceRPM
        for suffix in [".src.rpm", ".nosrc.rpm"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            let parts = base.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { return nil }
            return (parts.dropLast(2).joined(separator: "-"), parts.suffix(2).joined(separator: "-"))
        }
        return nil
    }
}
