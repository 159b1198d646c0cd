import Foundation

/// The timestamps `dateutil.parser.parse` is given by anchore-cli: ISO 8601 date-times such as
/// `2021-10-01T10:00:03Z`, optionally with fractions and an offset (none means UTC here).
enum TimestampParser {
    static func parse(_ value: JSONValue) throws(ClientError) -> Date {
        guard case .string(let text) = value else {
            throw JSONValue.formatError("Parser must be a string or character stream, not \(PythonOrder.typeName(value))")
        }
        guard let date = parse(text) else { throw JSONValue.formatError("Unknown string format: \(text)") }
        return date
    }

    static func parse(_ text: String) -> Date? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[index..<index + digits] {
                guard let digit = Int(String(scalar)) else { return nil }
                value = value * 10 + digit
            }
            index += digits
            return value
        }
        func skip(_ scalar: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == scalar else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2) else { return nil }
        var components = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: year, month: month, day: day,
            hour: 0, minute: 0, second: 0)
        var fraction = 0.0
        if skip("T") || skip(" ") {
            guard let hour = number(2), skip(":"), let minute = number(2) else { return nil }
            components.hour = hour
            components.minute = minute
            if skip(":") {
                guard let second = number(2) else { return nil }
                components.second = second
                if skip(".") || skip(",") {
                    var digits = ""
                    while index < scalars.count, let _ = Int(String(scalars[index])) {
                        digits.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    fraction = Double("0." + digits) ?? 0
                }
            }
        }
        var offset = 0
        if skip("Z") || skip("z") {
        } else if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            let sign = scalars[index] == "-" ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            _ = skip(":")
            let minutes = number(2) ?? 0
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard index == scalars.count, let date = components.date else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }
}
