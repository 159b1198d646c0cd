import Foundation
import Testing
@testable import Versions

/// apk-tools' own `test/unit/version.data`, run as its `version_test.c` does.
@Test func apkToolsVectors() throws {
    var checked = 0, wrong: [String] = []
    for (n, raw) in try VectorFiles.lines(VectorFiles.apkData).enumerated() {
        var line = Substring(raw)
        if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
        let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if f.isEmpty { continue }
        checked += 1
        if f.count == 1 {
            let invalid = f[0].hasPrefix("!")
            let v = invalid ? String(f[0].dropFirst()) : f[0]
            let ok = (try? ApkVersion(parsing: v)) != nil
            if ok == invalid { wrong.append("line \(n + 1): \(raw)") }
            continue
        }
        guard f.count >= 3, f.count % 2 == 1 else { wrong.append("line \(n + 1): unreadable \(raw)"); continue }
        var k = 0
        while k + 2 < f.count {
            let negated = f[k + 1].hasPrefix("!")
            let op = negated ? String(f[k + 1].dropFirst()) : f[k + 1]
            if ApkVersion.matches(f[k], op, f[k + 2]) == negated { wrong.append("line \(n + 1): \(f[k]) \(f[k + 1]) \(f[k + 2])") }
            k += 2
        }
    }
    print("vectors apk-tools: \(checked) lines")
    #expect(wrong.isEmpty, Comment(rawValue: wrong.prefix(30).joined(separator: "\n")))
    #expect(checked > 700)
}
