/// License fields of OS package databases, split as syft splits them: a value that reads as one SPDX expression
/// (`MIT`, `GPL-2.0-or-later`, `MIT AND (BSD-2-Clause OR Apache-2.0)`) stays whole; a space-separated list of
/// names (`MIT BSD GPL2+`) becomes one license per name.
enum OSLicenses {
    static func split(_ value: String) -> [String] {
        let words = value.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return [] }
        if words.count == 1 || isExpression(words) { return [words.joined(separator: " ")] }
        return words
    }

    /// Operands and operators alternate (parentheses aside): `A AND B`, `(A OR B) WITH C`.
    private static func isExpression(_ words: [String]) -> Bool {
        let operators: Set<String> = ["AND", "OR", "WITH", "and", "or", "with"]
        var expectOperand = true
        for word in words {
            let core = word.trimmingParentheses()
            if expectOperand {
                guard !core.isEmpty, !operators.contains(core) else { return false }
            } else {
                guard operators.contains(core), word == core else { return false }
            }
            expectOperand.toggle()
        }
        return !expectOperand
    }
}

extension String {
    fileprivate func trimmingParentheses() -> String {
        String(self.drop { $0 == "(" }.reversed().drop { $0 == ")" }.reversed())
    }
}
