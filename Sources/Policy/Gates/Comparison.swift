import Layers
import Foundation
import Catalog
/// The comparison operators of the `vulnerabilities` and `distro` gates.
enum Comparison: String, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="

    static let names = allCases.map(\.rawValue)

    func holds<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .greater: a > b
        case .lessOrEqual: a <= b
        case .greaterOrEqual: a >= b
        }
    }
}

/// Python's `str()` of a float as Anchore's messages print scores (`7.5`, `-1.0`).
func pythonFloat(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? "\(Int(value)).0" : String(value)
}
