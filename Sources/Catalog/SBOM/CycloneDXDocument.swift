/// The subset of the CycloneDX 1.6 JSON model Drydock writes (https://cyclonedx.org/docs/1.6/json/).
struct CycloneDXDocument: Encodable {
    var schema = "http://cyclonedx.org/schema/bom-1.6.schema.json"
    var bomFormat = "CycloneDX"
    var specVersion = "1.6"
    var serialNumber: String
    var version = 1
    var metadata: Metadata
    var components: [Component]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case bomFormat, specVersion, serialNumber, version, metadata, components
    }

    struct Metadata: Encodable {
        var timestamp: String
        var tools: Tools
        var component: Component
    }

    struct Tools: Encodable {
        var components: [Component]
    }

    struct Component: Encodable {
        var bomRef: String?
        var type: String
        var name: String
        var version: String?
        var description: String?
        var purl: String?
        var licenses: [LicenseChoice]?
        var properties: [Property]?

        enum CodingKeys: String, CodingKey {
            case bomRef = "bom-ref"
            case type, name, version, description, purl, licenses, properties
        }

        init(
            bomRef: String? = nil, type: String, name: String, version: String? = nil, description: String? = nil,
            purl: String? = nil, licenses: [LicenseChoice]? = nil, properties: [Property] = []
        ) {
            self.bomRef = bomRef
            self.type = type
            self.name = name
            self.version = version
            self.description = description
            self.purl = purl
            self.licenses = licenses
            self.properties = properties.isEmpty ? nil : properties
        }
    }

    /// One entry of a `licenses` array: a license by SPDX `id` or by `name`, or a whole SPDX `expression`.
    enum LicenseChoice: Encodable, Hashable {
        case id(String)
        case name(String)
        case expression(String)

        private enum Keys: String, CodingKey { case license, expression, id, name }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .id(let id):
                var license = container.nestedContainer(keyedBy: Keys.self, forKey: .license)
                try license.encode(id, forKey: .id)
            case .name(let name):
                var license = container.nestedContainer(keyedBy: Keys.self, forKey: .license)
                try license.encode(name, forKey: .name)
            case .expression(let expression):
                try container.encode(expression, forKey: .expression)
            }
        }
    }

    /// A `name`/`value` pair; Drydock's names use the `drydock:` namespace.
    struct Property: Encodable, Hashable {
        var name: String
        var value: String
    }
}
