@testable import Client
import Foundation
import TestSupport
import Testing

/// `TextWrap.fill` against Python's own `textwrap.fill` (python3, which `make test` installs for its venvs).
@Suite struct TextWrapTests {
    static let texts = [
        "Registry credentials are invalid or do not allow pulling the image",
        "A feed sync is already running",
        "",
        "   leading and trailing spaces   ",
        "a well-known multi-part hyphenated-word list, wrapped at the right place in a long sentence of words",
        "averyveryveryveryveryveryveryveryveryveryveryveryverylongwordthatcannotfitonasinglelineatall and more",
        "tabs\tand\nnewlines\tare  whitespace too, and -dash or dash- or x-1 do not split",
    ]

    @Test func fillMatchesPython() async throws {
        let script = """
            import json, sys, textwrap
            for text in json.load(sys.stdin):
                print(json.dumps(textwrap.fill(text, width=60)))
            """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: Self.texts), as: UTF8.self)
        let directory = FileManager.default.temporaryDirectory.appending(path: "drydock-textwrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try input.write(to: directory.appending(path: "in.json"), atomically: true, encoding: .utf8)
        try script.write(to: directory.appending(path: "wrap.py"), atomically: true, encoding: .utf8)
        let output = try await runShellOffPool("python3 '\(directory.path)/wrap.py' < '\(directory.path)/in.json'")
        let expected = try output.split(separator: "\n").map { try JSONDecoder().decode(String.self, from: Data($0.utf8)) }
        #expect(expected.count == Self.texts.count)
        #expect(Self.texts.map { TextWrap.fill($0, width: 60) } == expected)
    }
}
