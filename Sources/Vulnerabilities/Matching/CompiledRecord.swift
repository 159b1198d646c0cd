import Versions

/// A version parsed once in its scheme, so matching compares without re-parsing.
enum CompiledVersion: Sendable {
    case dpkg(DpkgVersion)
    case apk(String)
    case rpm(RPMVersion)
    case pep440(PEP440Version)
    case semver(SemanticVersion)
    case maven(MavenVersion)
    case gem(GemVersion)

    init(_ scheme: VersionScheme, _ text: String) throws(VersionError) {
        switch scheme {
        case .dpkg: self = .dpkg(try DpkgVersion(parsing: text))
        case .apk: self = .apk(try ApkVersion(parsing: text).text)
        case .rpm: self = .rpm(try RPMVersion(parsing: text))
        case .pep440: self = .pep440(try PEP440Version(parsing: text))
        case .semver: self = .semver(try SemanticVersion(parsing: text))
        case .maven: self = .maven(try MavenVersion(parsing: text))
        case .gem: self = .gem(try GemVersion(parsing: text))
        case .go: self = .semver(try GoVersion(parsing: VulnerabilityMatcher.goVersion(text)).semver)
        }
    }

    /// -1, 0, 1; versions of different schemes never meet (a record and a package share the record's scheme).
    /// Switched one side at a time: a `(a, b)` tuple would copy both payloads (a retain of each) on every one of the
    /// thousands of comparisons an image's match makes.
    static func compare(_ a: CompiledVersion, _ b: CompiledVersion) -> Int {
        switch a {
        case let .dpkg(x): if case let .dpkg(y) = b { return DpkgVersion.compare(x, y) }
        case let .apk(x):
            if case let .apk(y) = b {
                switch ApkVersion.compare(x, y) {
                case .less: return -1
                case .equal: return 0
                case .greater: return 1
                }
            }
        case let .rpm(x): if case let .rpm(y) = b { return RPMVersion.compare(x, y) }
        case let .pep440(x): if case let .pep440(y) = b { return PEP440Version.compare(x, y) }
        case let .semver(x): if case let .semver(y) = b { return SemanticVersion.compare(x, y) }
        case let .maven(x): if case let .maven(y) = b { return MavenVersion.compare(x, y) }
        case let .gem(x): if case let .gem(y) = b { return GemVersion.compare(x, y) }
        }
        return 0
    }
}

/// What a record says about an installed version, decided once when the index is built.
enum RecordCheck: Sendable {
    /// Not affected in any version (not-affected, undecided, or fixed with no version given).
    case never
    /// Every version is affected (no fix, or won't fix, with no ranges).
    case always
    /// Versions below the fix are affected.
    case below(CompiledVersion)
    /// Versions below a dpkg fix that has a ``DpkgKey`` are affected: the entry holding the check keeps the key
    /// (`VulnerabilityIndex.Entry.fixedKey`) and matching compares keys; the fix's text is parsed again here only for
    /// an installed version that has no key.
    case belowKey(fixed: String)
    /// OSV: enumerated versions, and ranges of events sorted in version order (`introduced: 0` first). Boxed
    /// (`indirect`): a check is read out of its entry for every record an image's packages meet, and a box is one
    /// reference to count where three arrays were three.
    indirect case ranges([[CompiledEvent]], limits: [[CompiledVersion?]], versions: Set<String>)
    /// A version in the record does not parse in its scheme: the record cannot be evaluated.
    case invalid

    enum CompiledEvent: Sendable {
        case introducedZero
        case introduced(CompiledVersion)
        case fixed(CompiledVersion)
        case lastAffected(CompiledVersion)
    }

    /// Compiles `record`'s check; for a dpkg fix with a ``DpkgKey``, the key is handed out in `fixedKey` (the entry
    /// keeps it beside the check).
    init(_ record: VulnerabilityRecord, fixedKey: inout DpkgKey?) {
        guard let scheme = VersionScheme(rawValue: record.versionScheme) else {
            self = .invalid
            return
        }
        switch record.fixState {
        case .notAffected, .unknown:
            self = .never
            return
        default: break
        }
        do {
            if !record.ranges.isEmpty || !record.affectedVersions.isEmpty {
                var ranges: [[CompiledEvent]] = []
                var limits: [[CompiledVersion?]] = []
                for range in record.ranges {
                    var events: [CompiledEvent] = []
                    var rangeLimits: [CompiledVersion?] = []
                    for event in range.events {
                        switch event.kind {
                        case .introduced:
                            events.append(event.version == "0" ? .introducedZero : .introduced(try CompiledVersion(scheme, event.version)))
                        case .fixed: events.append(.fixed(try CompiledVersion(scheme, event.version)))
                        case .lastAffected: events.append(.lastAffected(try CompiledVersion(scheme, event.version)))
                        case .limit: rangeLimits.append(event.version == "*" ? nil : try CompiledVersion(scheme, event.version))
                        }
                    }
                    ranges.append(Self.sorted(events))
                    limits.append(rangeLimits)
                }
                let versions = Set(record.affectedVersions.map { scheme == .go ? VulnerabilityMatcher.goVersion($0) : $0 })
                // The commonest shape, one range from the start to a fix (`introduced: 0`, `fixed: v`), is "below v".
                if versions.isEmpty, ranges.count == 1, limits[0].isEmpty, ranges[0].count == 2,
                   case .introducedZero = ranges[0][0], case let .fixed(fixed) = ranges[0][1] {
                    self = Self.fixedBelow(fixed, key: &fixedKey)
                    return
                }
                self = .ranges(ranges, limits: limits, versions: versions)
                return
            }
            switch record.fixState {
            case .fixed:
                guard let fixed = record.fixedVersions.first else {
                    self = .never
                    return
                }
                self = Self.fixedBelow(try CompiledVersion(scheme, fixed), key: &fixedKey)
            case .notFixed, .wontFix: self = .always
            case .notAffected, .unknown: self = .never
            }
        } catch {
            self = .invalid
        }
    }

    /// Versions below `fixed`: by key for dpkg when it has one (then handed out in `key`).
    static func fixedBelow(_ fixed: CompiledVersion, key: inout DpkgKey?) -> RecordCheck {
        if case let .dpkg(dpkg) = fixed, let fixedKey = DpkgKey(dpkg) {
            key = fixedKey
            return .belowKey(fixed: dpkg.text)
        }
        return .below(fixed)
    }

    static func version(of event: CompiledEvent) -> CompiledVersion? {
        switch event {
        case .introducedZero: nil
        case let .introduced(v), let .fixed(v), let .lastAffected(v): v
        }
    }

    /// Stable insertion sort in version order, `introduced: 0` before everything.
    static func sorted(_ events: [CompiledEvent]) -> [CompiledEvent] {
        var ordered: [CompiledEvent] = []
        for event in events {
            var k = ordered.count
            while k > 0 {
                let previous = ordered[k - 1]
                let before: Bool
                switch (version(of: event), version(of: previous)) {
                case (nil, nil): before = false
                case (nil, _): before = true
                case (_, nil): before = false
                case let (a?, b?): before = CompiledVersion.compare(a, b) < 0
                }
                if !before { break }
                k -= 1
            }
            ordered.insert(event, at: k)
        }
        return ordered
    }

    /// Whether the installed version (its text and its parse, nil when it does not parse) is affected; nil when
    /// that cannot be decided (either side unparseable).
    func affects(_ text: String, _ installed: CompiledVersion?) -> Bool? {
        switch self {
        case .never: return false
        case .always: return true
        case .invalid: return nil
        case let .belowKey(fixedText):
            guard let installed, let fixed = try? CompiledVersion(.dpkg, fixedText) else { return nil }
            return CompiledVersion.compare(installed, fixed) < 0
        case let .below(fixed):
            guard let installed else { return nil }
            return CompiledVersion.compare(installed, fixed) < 0
        case let .ranges(ranges, limits, versions):
            if versions.contains(text) { return true }
            guard !ranges.isEmpty else { return false }
            guard let installed else { return nil }
            for index in ranges.indices {
                let rangeLimits = limits[index]
                if !rangeLimits.isEmpty {
                    let below = rangeLimits.contains { limit in limit.map { CompiledVersion.compare(installed, $0) < 0 } ?? true }
                    if !below { continue }
                }
                var affected = false
                for event in ranges[index] {
                    switch event {
                    case .introducedZero: affected = true
                    case let .introduced(v): if CompiledVersion.compare(installed, v) >= 0 { affected = true }
                    case let .fixed(v): if CompiledVersion.compare(installed, v) >= 0 { affected = false }
                    case let .lastAffected(v): if CompiledVersion.compare(installed, v) > 0 { affected = false }
                    }
                }
                if affected { return true }
            }
            return false
        }
    }
}
