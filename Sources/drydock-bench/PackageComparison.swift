import Foundation

/// One package as the comparison sees it.
struct PackageKey: Hashable, Comparable, CustomStringConvertible {
    var type: String
    var name: String
    var version: String

    static func < (a: PackageKey, b: PackageKey) -> Bool { (a.type, a.name, a.version) < (b.type, b.name, b.version) }
    var description: String { "\(type) \(name) \(version)" }
}

/// The packages one tool reported for one image.
struct Inventory {
    var packages: [PackageKey]

    var countsByType: [String: Int] { packages.reduce(into: [:]) { $0[$1.type, default: 0] += 1 } }

    func keys(ofTypes types: Set<String>) -> Set<PackageKey> { Set(packages.filter { types.contains($0.type) }) }

    /// `deb 88, python 14, binary 2` (compared types first).
    func summary(first: [String]) -> String {
        let counts = countsByType
        let rest = counts.keys.filter { !first.contains($0) }.sorted()
        return (first + rest).map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
    }

    /// syft-json: `artifacts[].{type,name,version}`.
    static func syft(_ path: String) throws -> Inventory {
        try read(path, array: "artifacts")
    }

    /// drydock's native JSON: `packages[].{type,name,version}`.
    static func drydock(_ path: String) throws -> Inventory {
        try read(path, array: "packages")
    }

    private static func read(_ path: String, array key: String) throws -> Inventory {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("\(path) is not a JSON object")
        }
        guard let items = object[key] as? [[String: Any]] else {
            throw BenchError("\(path) has no \"\(key)\" array")
        }
        return Inventory(packages: items.map {
            PackageKey(type: $0["type"] as? String ?? "?", name: $0["name"] as? String ?? "?",
                       version: $0["version"] as? String ?? "")
        })
    }
}

/// syft's and drydock's package lists for one image, compared on (type, name, version) for the types the
/// issue asks to match exactly.
struct Comparison {
    static let comparedTypes = ["deb", "python"]

    var syft: Inventory
    var drydock: Inventory
    var onlySyft: [PackageKey]
    var onlyDrydock: [PackageKey]
    var common: Int

    init(syft: Inventory, drydock: Inventory) {
        self.syft = syft
        self.drydock = drydock
        let types = Set(Self.comparedTypes)
        let a = syft.keys(ofTypes: types)
        let b = drydock.keys(ofTypes: types)
        onlySyft = a.subtracting(b).sorted()
        onlyDrydock = b.subtracting(a).sorted()
        common = a.intersection(b).count
    }

    var matches: Bool { onlySyft.isEmpty && onlyDrydock.isEmpty }

    /// Markdown lines: counts, then at most `limit` differences each way.
    func report(limit: Int = 20) -> [String] {
        var lines = [
            "- syft: \(syft.summary(first: Self.comparedTypes)) (\(syft.packages.count) artifacts)",
            "- drydock: \(drydock.summary(first: Self.comparedTypes)) (\(drydock.packages.count) packages)",
            "- deb + python: \(common) in both, \(onlySyft.count) only in syft, \(onlyDrydock.count) only in drydock"
                + (matches ? " — **match**" : " — **differ**"),
        ]
        for (label, list) in [("only in syft", onlySyft), ("only in drydock", onlyDrydock)] where !list.isEmpty {
            lines.append("  - \(label)\(list.count > limit ? " (first \(limit))" : ""): "
                + list.prefix(limit).map { "`\($0)`" }.joined(separator: ", "))
        }
        return lines
    }
}
