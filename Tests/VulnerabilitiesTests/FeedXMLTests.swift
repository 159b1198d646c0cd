import Testing
import Vulnerabilities

/// The XML reader feeds use: what yum metadata needs, and refusals for what hostile documents try.
@Suite struct FeedXMLTests {
    @Test func elementsAttributesTextAndReferences() throws {
        let document = """
            \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <!DOCTYPE updates>
            <updates><update type='security' status="final">
              <id>ALAS-1</id><empty a="x &amp; y &#65;&#x42;"/>
              <description>a &lt;b&gt; &quot;c&quot; &apos;d&apos;<![CDATA[ <raw> &amp; ]]></description>
            </update></updates>
            """
        let root = try FeedXML.parse(Array(document.utf8), context: "doc")
        #expect(root.name == "updates")
        let update = try #require(root.child("update"))
        #expect(update.attributes == ["type": "security", "status": "final"])
        #expect(update.child("id")?.text == "ALAS-1")
        #expect(update.child("empty")?.attributes["a"] == "x & y AB")
        #expect(update.child("description")?.text == "a <b> \"c\" 'd' <raw> &amp; ")
        #expect(root.children("update").count == 1)
        #expect(update.children.map(\.name) == ["id", "empty", "description"])
    }

    @Test(arguments: [
        ("", "no root element"),
        ("<a><b></a>", "`</a>` closes `<b>`"),
        ("<a>", "`<a>` is not closed"),
        ("<a x=1/>", "is not quoted"),
        ("<a x='1' x='2'/>", "given twice"),
        ("<a>&bogus;</a>", "unknown entity"),
        ("<a>&#0;</a>", "unknown entity"),
        ("<a/><b/>", "content after the root element"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "internal subset"),
        ("<a><!-- never closed </a>", "unterminated"),
    ])
    func malformedDocumentsAreRefused(input: String, message: String) {
        #expect {
            try FeedXML.parse(Array(input.utf8), context: "bad.xml")
        } throws: { error in
            let text = (error as? FeedError)?.message ?? ""
            return text.hasPrefix("bad.xml: not well-formed XML") && text.contains(message)
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(throws: FeedError.self) { try FeedXML.parse(Array(deep.utf8), context: "deep.xml") }
        let fine = String(repeating: "<a>", count: 60) + String(repeating: "</a>", count: 60)
        #expect(throws: Never.self) { try FeedXML.parse(Array(fine.utf8), context: "fine.xml") }
    }
}
