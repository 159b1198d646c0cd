public import Layers

/// Which packages an OS package's file list can make redundant.
public struct OwnershipPolicy: Sendable, Hashable {
    /// The package types dropped when an OS package owns one of their locations.
    public var droppedTypes: Set<PackageType>

    public init(droppedTypes: Set<PackageType>) {
        self.droppedTypes = droppedTypes
    }

    /// syft's default: only binary packages (synthesized from a file an OS package installed) are dropped.
    /// Language packages a distro installed (e.g. Debian's `python3-pip` dist-info) stay in the list, so the
    /// Python, npm and gem lists match syft's exactly.
    public static let syft = OwnershipPolicy(droppedTypes: [.binary])

    /// Also drop the language packages that are installed as discrete units (python, npm, gem) when an OS
    /// package owns their metadata — syft's opt-in `exclude-language-packages-with-file-ownership-overlap`.
    /// Go modules and Java archives are never dropped: an OS package owning a binary or a jar does not make the
    /// components built into it redundant.
    public static let osPackagesWin = OwnershipPolicy(droppedTypes: [.binary, .python, .npm, .gem])
}

/// Drops the packages that an OS package already accounts for: a package is dropped when its type is in the
/// policy and one of its locations is a file some OS package owns (`Package.files`), comparing paths after
/// following symlinks when a resolver is given (a dpkg list says `/bin/x`, the image has it at `/usr/bin/x`).
/// OS packages themselves, and the order of what remains, are untouched.
/// - Parameters:
///   - packages: every package found in the image, OS packages included.
///   - resolver: the image's files, to resolve owned paths through symlinks; nil to compare paths as written.
///   - policy: which types may be dropped; syft's default unless asked otherwise.
public func removeOwnedByOSPackages(
    _ packages: [Package], resolver: (any FileResolver)? = nil, policy: OwnershipPolicy = .syft
) -> [Package] {
    var owned: Set<String> = []
    for package in packages where package.type.isOS {
        for file in package.files {
            owned.insert(file)
            if let real = resolver?.resolve(file)?.path { owned.insert(real) }
        }
    }
    guard !owned.isEmpty else { return packages }
    return packages.filter { package in
        guard !package.type.isOS, policy.droppedTypes.contains(package.type) else { return true }
        return !package.locations.contains { location in
            owned.contains(location) || (resolver?.resolve(location).map { owned.contains($0.path) } ?? false)
        }
    }
}

extension Cataloger {
    /// Every language cataloger: Python, npm, gem, Java, Go.
    public static let languages: [Cataloger] = [.python, .npm, .gem, .java, .go]
}
