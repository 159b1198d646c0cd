import Client
import Testing

/// Python `json.loads` / `str()` / `repr()` / `json.dumps` behaviour the formatters rely on.
@Suite struct JSONValueTests {
    @Test func parsingKeepsKeyOrderAndIntegerness() throws {
        let value = try json(#" {"z": 1, "a": 1.0, "m": [true, null, "x"], "z": 2} "#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["z"] == .int(2))
        #expect(value["a"] == .double(1.0))
        #expect(value.pythonRepr == "{'z': 2, 'a': 1.0, 'm': [True, None, 'x']}")
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        #expect(try json(#""a\"b\\c\/\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/\né😀"))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"abc", "[1] x"])
    func invalidDocumentsAreRejected(text: String) {
        #expect(throws: ClientError.self) { try JSONValue(parsing: text) }
    }

    @Test func pythonStrAndRepr() {
        #expect(JSONValue.string("it's").pythonRepr == #""it's""#)
        #expect(JSONValue.string("a'b\"c").pythonRepr == #"'a\'b"c'"#)
        #expect(JSONValue.string("tab\there").pythonRepr == #"'tab\there'"#)
        #expect(JSONValue.string("x").pythonString == "x")
        #expect(JSONValue.null.pythonString == "None")
        #expect(JSONValue.bool(false).pythonString == "False")
        #expect(JSONValue.double(5).pythonString == "5.0")
        #expect(JSONValue.double(0.1).pythonString == "0.1")
        #expect(JSONValue.double(1e16).pythonString == "1e+16")
        #expect(JSONValue.double(1.5e-5).pythonString == "1.5e-05")
        #expect(JSONValue.int(-3).pythonString == "-3")
    }

    @Test func dumpsMatchesPython() {
        let value: JSONValue = ["b": [1, 2.5, []], "a": ["é": nil, "t": true], "c": [:]]
        #expect(value.pythonJSON == #"{"b": [1, 2.5, []], "a": {"\u00e9": null, "t": true}, "c": {}}"#)
        #expect(value.pythonJSON(indent: 4, sortKeys: true) == """
            {
                "a": {
                    "t": true,
                    "\\u00e9": null
                },
                "b": [
                    1,
                    2.5,
                    []
                ],
                "c": {}
            }
            """)
        #expect(JSONValue.string("😀\u{7f}\t").pythonJSON == #""\ud83d\ude00\u007f\t""#)
    }

    @Test func truthinessIsPythons() {
        for falsy: JSONValue in [nil, false, 0, 0.0, "", [], [:]] { #expect(!falsy.isTruthy) }
        for truthy: JSONValue in [true, 1, "0", [nil], ["a": nil]] { #expect(truthy.isTruthy) }
    }

    @Test func tablesSortLikePythonLists() throws {
        var table = PlainColumnsTable(["Name", "Size"])
        table.add(["b", 2])
        table.add(["a", 2])
        table.add(["c", 10])
        table.add(["ä", 1])
        #expect(try table.render(sortBy: "Size", reverse: true).split(separator: "\n").map { String($0) } == [
            "Name        Size        ",
            "c           10          ",
            "b           2           ",
            "a           2           ",
            "ä           1           ",
        ])
        var mixed = PlainColumnsTable(["V"])
        mixed.add([1])
        mixed.add(["x"])
        #expect(throws: ClientError.self) { try mixed.render(sortBy: "V") }
        #expect(try PlainColumnsTable(["A"]).render(sortBy: "A") == "")
    }
}
