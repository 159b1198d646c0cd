import Foundation

/// The CVSS v3.x base score from a vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8), per the
/// FIRST specification, for feeds that state only the vector (OSV `severity[]`).
enum CVSS3 {
    static func baseScore(vector: String) -> Double? {
        var metrics: [String: String] = [:]
        let parts = vector.split(separator: "/")
        guard let head = parts.first, head.hasPrefix("CVSS:3") else { return nil }
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            metrics[String(pair[0])] = String(pair[1])
        }
        guard let scope = metrics["S"], scope == "U" || scope == "C" else { return nil }
        let changed = scope == "C"
        let av: [String: Double] = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2]
        let ac: [String: Double] = ["L": 0.77, "H": 0.44]
        let pr: [String: Double] = changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27]
        let ui: [String: Double] = ["N": 0.85, "R": 0.62]
        let cia: [String: Double] = ["H": 0.56, "L": 0.22, "N": 0]
        guard let a = metrics["AV"].flatMap({ av[$0] }), let c = metrics["AC"].flatMap({ ac[$0] }),
            let p = metrics["PR"].flatMap({ pr[$0] }), let u = metrics["UI"].flatMap({ ui[$0] }),
            let conf = metrics["C"].flatMap({ cia[$0] }), let integ = metrics["I"].flatMap({ cia[$0] }),
            let avail = metrics["A"].flatMap({ cia[$0] })
        else { return nil }
        let iss = 1 - (1 - conf) * (1 - integ) * (1 - avail)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * a * c * p * u
        guard impact > 0 else { return 0 }
        return roundUp(changed ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10))
    }

    /// CVSS 3.1's Roundup: the smallest one-decimal number at or above `value`, immune to float noise.
    static func roundUp(_ value: Double) -> Double {
        let scaled = Int((value * 100_000).rounded())
        if scaled % 10_000 == 0 { return Double(scaled) / 100_000 }
        return (Double(scaled / 10_000) + 1) / 10
    }
}
