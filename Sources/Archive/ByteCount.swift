/// A byte count printed for people: `1048576 bytes (1 MiB)`.
struct ByteCount: CustomStringConvertible {
    let value: Int64

    init(_ value: Int64) {
        self.value = value
    }

    init(_ value: Int) {
        self.value = Int64(value)
    }

    var description: String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var scaled = Double(value)
        var unit = -1
        while scaled >= 1024 && unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        guard unit >= 0 else { return "\(value) bytes" }
        let rounded = (scaled * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(value) bytes (\(text) \(units[unit]))"
    }
}
