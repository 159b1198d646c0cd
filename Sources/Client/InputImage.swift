import Foundation

/// How anchore-cli reads the image a user names (`anchorecli/cli/utils.py`).
public enum InputImage {
    /// `discover_inputimage_format`'s answer.
    public enum Format: String, Sendable, Hashable {
        case imageDigest, imageID = "imageid", tag
    }

    /// `sha256:<64 hex>…` or `local:<64 hex>…` is a digest, `<64 hex>…` an image id, anything
    /// else a tag (Python's `re.match`: anchored at the start only).
    public static func format(of input: String) -> Format {
        for prefix in ["sha256:", "local:"] where input.hasPrefix(prefix) {
            if hexPrefix(input.dropFirst(prefix.count)) { return .imageDigest }
        }
        return hexPrefix(Substring(input)) ? .imageID : .tag
    }

    private static func hexPrefix(_ text: Substring) -> Bool {
        text.utf8.prefix(64).count == 64 && text.utf8.prefix(64).allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }

    /// The part of `input` Python's `re.match("(.*@|^)(<scheme>:.*)", input)` captures as group 2:
    /// after the last `@<scheme>:`, else the whole input when it starts with `<scheme>:`.
    static func digestPart(of input: String, scheme: String) -> String? {
        let firstLine = input.prefix { $0 != "\n" }
        if let at = firstLine.range(of: "@" + scheme + ":", options: .backwards) {
            return String(input[input.index(after: at.lowerBound)...].prefix { $0 != "\n" })
        }
        return input.hasPrefix(scheme + ":") ? String(firstLine) : nil
    }

    /// What `discover_inputimage` found: the kind of input and the digest to put in URLs.
    public struct Discovery: Sendable, Hashable {
        public var kind: String
        public var digest: String?

        public init(kind: String, digest: String?) {
            self.kind = kind
            self.digest = digest
        }
    }

    /// The digest an input stands for, without asking the server when the input holds one:
    /// `…@sha256:…` or `sha256:…` → `quote_plus`ed (`sha256%3A…`); an already-encoded digest or a
    /// `local:` one → the input as is. Nil when the server must be asked.
    public static func localDiscovery(of input: String) -> Discovery? {
        if let digest = digestPart(of: input, scheme: "sha256") {
            return Discovery(kind: "digest", digest: PercentEncoding.quotePlus(digest))
        }
        let decoded = PercentEncoding.unquotePlus(input)
        if digestPart(of: decoded, scheme: "sha256") != nil || digestPart(of: decoded, scheme: "local") != nil {
            return Discovery(kind: "imageDigest", digest: input)
        }
        return nil
    }
}

extension ClientSession {
    /// `discover_inputimage`: a digest in the input is used directly; otherwise
    /// `GET /images?fulltag=<input>&history=false` and the first record's `imageDigest` (raw),
    /// the kind being `imageid` when a tag record's `imageId` equals the input. Any failure
    /// leaves the digest nil.
    public func discoverImage(_ input: String) async -> InputImage.Discovery {
        if let local = InputImage.localDiscovery(of: input) { return local }
        guard let response = try? await send(endpoints.image(tag: input, history: false)), response.isSuccess,
            let record = try? response.payload.item(0), let digest = try? record.item("imageDigest")
        else { return InputImage.Discovery(kind: "tag", digest: nil) }
        var kind = "tag"
        if let details = try? record.item("image_detail").iterated(),
            details.contains(where: { (try? $0.item("imageId")) == .string(input) })
        {
            kind = "imageid"
        }
        return InputImage.Discovery(kind: kind, digest: digest.pythonString)
    }
}
