import Foundation
public import Layers

/// One rule of the secret search: a name and a regular expression matched line by line.
public struct SecretRule: Sendable, Hashable {
    public var id: String
    public var pattern: String

    public init(id: String, pattern: String) {
        self.id = id
        self.pattern = pattern
    }

    /// Anchore's default content-search rules.
    public static let defaults: [SecretRule] = [
        SecretRule(id: "AWS_ACCESS_KEY", pattern: #"(?i)aws_access_key_id\s*[=:]\s*['"]?(?<![A-Z0-9])[A-Z0-9]{20}(?![A-Z0-9])"#),
        SecretRule(id: "AWS_SECRET_KEY", pattern: #"(?i)aws_secret_access_key\s*[=:]\s*['"]?(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])"#),
        SecretRule(id: "PRIV_KEY", pattern: #"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"#),
        SecretRule(id: "DOCKER_AUTH", pattern: #""auth"\s*:\s*"[A-Za-z0-9+/=]{8,}""#),
        SecretRule(id: "API_KEY", pattern: #"(?i)api[-_]?key\s*[=:]\s*['"]?(?<![A-Za-z0-9])[A-Za-z0-9]{20,60}(?![A-Za-z0-9])"#),
        SecretRule(id: "PASSWORD", pattern: #"(?i)\b(?:password|passwd|pwd)\s*[=:]\s*['"]?[^\s'"]{6,}"#),
    ]
}

/// What the secret search found in one file.
public struct SecretMatch: Sendable, Hashable, Codable {
    public var ruleID: String
    public var line: Int
    /// The match with its middle masked.
    public var redacted: String
}

/// Secret search as a streaming probe: text files up to `maxFileSize` are buffered (bounded) while their layer
/// streams past and searched once; binary files (a NUL in the first 8 KiB) are skipped. Off unless configured.
public struct SecretScanner: ContentProbe {
    public static let probeName = "secrets"
    public var name: String { Self.probeName }
    let rules: [(String, NSRegularExpression)]
    let maxFileSize: Int64

    /// - Throws: when a rule's pattern is not a valid regular expression (names the rule).
    public init(rules: [SecretRule] = SecretRule.defaults, maxFileSize: Int64 = 1024 * 1024) throws {
        self.rules = try rules.map { rule in
            do {
                return (rule.id, try NSRegularExpression(pattern: rule.pattern))
            } catch {
                throw SecretRuleError(rule: rule.id, pattern: rule.pattern)
            }
        }
        self.maxFileSize = maxFileSize
    }

    /// The rules and bound, for cache keys: a change to either changes what a scan finds.
    public var fingerprint: String {
        (rules.map { "\($0.0)=\($0.1.pattern)" } + ["max \(maxFileSize)"]).joined(separator: "\n")
    }

    public func start(_ file: FileRecord) -> (any ProbeSession)? {
        guard file.kind == .regular, file.size > 0, file.size <= maxFileSize else { return nil }
        return Session(scanner: self)
    }

    struct Session: ProbeSession {
        let scanner: SecretScanner
        var bytes: [UInt8] = []
        var binary = false

        mutating func consume(_ chunk: UnsafeRawBufferPointer) -> Bool {
            if bytes.count < 8192, chunk.prefix(8192 - bytes.count).contains(0) {
                binary = true
                return false
            }
            bytes.append(contentsOf: chunk)
            return true
        }

        mutating func finish() -> [UInt8]? {
            guard !binary else { return nil }
            let matches = scanner.search(String(decoding: bytes, as: UTF8.self))
            guard !matches.isEmpty else { return nil }
            return try? [UInt8](JSONEncoder().encode(matches))
        }
    }

    func search(_ text: String) -> [SecretMatch] {
        var found: [SecretMatch] = []
        var lineNumber = 0
        text.enumerateLines { line, _ in
            lineNumber += 1
            let range = NSRange(line.startIndex..., in: line)
            for (id, regex) in rules {
                guard let match = regex.firstMatch(in: line, range: range), let swiftRange = Range(match.range, in: line) else { continue }
                found.append(SecretMatch(ruleID: id, line: lineNumber, redacted: Self.redact(String(line[swiftRange]))))
            }
        }
        return found
    }

    /// Keeps the first and last 4 characters of long matches.
    static func redact(_ text: String) -> String {
        guard text.count > 12 else { return String(repeating: "*", count: text.count) }
        return text.prefix(4) + String(repeating: "*", count: min(text.count - 8, 32)) + text.suffix(4)
    }

    /// Decodes what the probe stored for a file.
    public static func matches(from extract: [UInt8]) -> [SecretMatch] {
        (try? JSONDecoder().decode([SecretMatch].self, from: Data(extract))) ?? []
    }
}

/// A secret rule whose pattern does not compile.
public struct SecretRuleError: Error, CustomStringConvertible {
    public var rule: String
    public var pattern: String
    public var description: String { "secret rule \(rule): \"\(pattern)\" is not a valid regular expression" }
}
