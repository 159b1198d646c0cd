/// The URL encodings anchore-cli gets from Python: `urllib.parse.quote_plus` (digests it parsed
/// from user input) and `urlencode` (query parameters given to `requests`).
public enum PercentEncoding {
    /// `quote_plus(text)`: letters, digits and `_.-~` stay, space becomes `+`, every other UTF-8
    /// byte becomes `%XX` (upper-case hex). `sha256:ab` → `sha256%3Aab`.
    public static func quotePlus(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                result += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    /// `unquote_plus(text)`: `+` becomes space and `%XX` the byte (invalid escapes stay as they are).
    public static func unquotePlus(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < source.count,
                let value = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `urlencode(pairs)`: `k=v` pairs joined by `&`, each side `quote_plus`ed.
    public static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { quotePlus($0.0) + "=" + quotePlus($0.1) }.joined(separator: "&")
    }
}
