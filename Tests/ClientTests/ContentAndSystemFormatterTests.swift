import Client
import Foundation
import Testing

/// Expected texts are anchore-cli 0.9.3's own `format_output` results for the same payloads.
@Suite struct ContentFormatterTests {
    private func content(_ type: String, _ elements: String) throws -> String {
        try ContentFormatter.content(
            try json(#"{"imageDigest": "sha256:x", "content_type": "\#(type)", "content": \#(elements)}"#), type: type)
    }

    private func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    @Test func osTableSortsByPackageAndJoinsLicenses() throws {
        let text = try content("os", """
            [{"package": "zlib", "version": "1.2.11-r3", "license": "Zlib", "licenses": ["Zlib"]},
             {"package": "busybox", "version": "1.31.1-r20", "license": "GPL-2.0-only", "licenses": ["GPL-2.0-only", "MIT"]},
             {"package": "Abc", "version": "1", "license": "MIT"}]
            """)
        #expect(
            lines(text) == [
                "Package        Version           Licenses                ",
                "Abc            1                 MIT                     ",
                "busybox        1.31.1-r20        GPL-2.0-only MIT        ",
                "zlib           1.2.11-r3         Zlib                    ",
            ])
    }

    @Test func filesTableSortsBySizeDescendingThenNameDescending() throws {
        let text = try content("files", """
            [{"filename": "/bin", "size": 0}, {"filename": "/bin/busybox", "size": 841288},
             {"filename": "/etc/alpine-release", "size": 7}, {"filename": "/etc/zz", "size": 7}]
            """)
        #expect(
            lines(text) == [
                "Filename                   Size          ",
                "/bin/busybox               841288        ",
                "/etc/zz                    7             ",
                "/etc/alpine-release        7             ",
                "/bin                       0             ",
            ])
    }

    @Test func languageAndJavaTables() throws {
        #expect(
            lines(try content("python", #"[{"package": "Jinja2", "version": "3.1.2", "location": "/usr/lib/python3/dist-packages"}]"#)) == [
                "Package        Version        Location                              ",
                "Jinja2         3.1.2          /usr/lib/python3/dist-packages        ",
            ])
        let java = try content("java", """
            [{"package": "log4j-core", "specification-version": "2.14", "implementation-version": "2.14.1", "location": "/app/log4j-core.jar"}]
            """)
        #expect(
            lines(java) == [
                "Package           Specification-Version        Implementation-Version        Location                   ",
                "log4j-core        2.14                         2.14.1                        /app/log4j-core.jar        ",
            ])
    }

    @Test func otherTypesUseTheFirstElementsKeysAndPythonStr() throws {
        let text = try content("binary", #"[{"name": "python", "path": "/usr/bin/python3.9", "n": 3, "f": 1.5, "l": ["a", null], "b": true}]"#)
        #expect(
            lines(text) == [
                "name          path                      n        f          l                  b           ",
                "python        /usr/bin/python3.9        3        1.5        ['a', None]        True        ",
            ])
    }

    @Test func malwareTableSortsByPath() throws {
        let text = try content("malware", """
            [{"enabled": true, "scanner": "clamav", "findings": [{"path": "/elf_payload1", "signature": "Unix.Trojan.MSShellcode-40"},
              {"path": "/a", "signature": "X"}]}]
            """)
        #expect(
            lines(text) == [
                "Scanner        Matched Signature                 Path                 ",
                "clamav         X                                 /a                   ",
                "clamav         Unix.Trojan.MSShellcode-40        /elf_payload1        ",
            ])
    }

    @Test func emptyContentRendersNothing() throws {
        #expect(try content("os", "[]") == "")
        #expect(try content("npm", "[]") == "")
        #expect(try content("go", "[]") == "")
    }

    @Test func documentsAreBase64Decoded() throws {
        let dockerfile = Data("FROM alpine\n".utf8).base64EncodedString()
        #expect(try ContentFormatter.content(["content": .string(dockerfile)], type: "dockerfile") == "FROM alpine\n")
        #expect(try ContentFormatter.content(["content": "not base64!"], type: "dockerfile") == "")
        let manifest = Data(#"{"schemaVersion": 2}"#.utf8).base64EncodedString()
        let metadata = try ContentFormatter.metadata(
            ["imageDigest": "sha256:x", "metadata_type": "manifest", "metadata": .string(manifest)], type: "manifest")
        #expect(metadata == "Image Digest: sha256:x\nMetadata: {\"schemaVersion\": 2}\nMetadata Type: manifest\n")
    }

    @Test func untypedQueriesListAvailableTypes() throws {
        #expect(try ContentFormatter.content(["os", "files"], type: nil) == "os: available\nfiles: available\n\n")
        #expect(try ContentFormatter.metadata(["manifest", "docker_history", "dockerfile"], type: nil)
            == "manifest: available\ndocker_history: available\ndockerfile: available\n\n")
    }
}

@Suite struct SubscriptionAndSystemFormatterTests {
    private let subscriptions: JSONValue = [
        ["subscription_id": "a1", "subscription_type": "tag_update", "subscription_key": "docker.io/alpine:3.12", "active": true],
        ["subscription_id": "b1", "subscription_type": "analysis_update", "subscription_key": "docker.io/alpine:3.12", "active": false],
        ["subscription_id": "c1", "subscription_type": "policy_eval", "subscription_key": "127.0.0.1:5000/cli/app:2", "active": false],
    ]

    @Test func subscriptionListSortsByTagThenType() throws {
        #expect(
            try SubscriptionFormatter.list(subscriptions, full: false).split(separator: "\n") == [
                "Tag                             Subscription Type        Active        ",
                "127.0.0.1:5000/cli/app:2        policy_eval              False         ",
                "docker.io/alpine:3.12           analysis_update          False         ",
                "docker.io/alpine:3.12           tag_update               True          ",
            ])
        #expect(
            try SubscriptionFormatter.list(subscriptions, full: true).split(separator: "\n") == [
                "Tag                             Subscription Type        Active        Subscription ID        ",
                "127.0.0.1:5000/cli/app:2        policy_eval              False         c1                     ",
                "docker.io/alpine:3.12           analysis_update          False         b1                     ",
                "docker.io/alpine:3.12           tag_update               True          a1                     ",
            ])
    }

    private func service(_ name: String, up: Bool, version: String = "1.1.0") -> JSONValue {
        [
            "hostid": "drydock", "servicename": .string(name), "base_url": "http://127.0.0.1:8228", "status": .bool(up),
            "status_message": up ? "available" : "unavailable", "version": .string(version),
            "service_detail": ["up": .bool(up), "version": .string(version), "db_version": "0.0.16"],
        ]
    }

    @Test func systemStatusListsServicesAndVersions() throws {
        let payload: JSONValue = ["service_states": [service("catalog", up: true, version: "0.9"), service("apiext", up: true), service("analyzer", up: false)]]
        #expect(
            try SystemFormatter.status(payload) == """
                Service catalog (drydock, http://127.0.0.1:8228): up
                Service apiext (drydock, http://127.0.0.1:8228): up
                Service analyzer (drydock, http://127.0.0.1:8228): down (unavailable)

                Engine DB Version: 0.0.16
                Engine Code Version: 1.1.0
                """)
        #expect(try SystemFormatter.status(["service_states": []]) == "\n\nEngine DB Version: Not Found\nEngine Code Version: Not Found")
    }
}

@Suite struct ErrorFormatterTests {
    @Test func envelopePrintsErrorCodeAndPythonDetail() {
        let error = ClientError.httpError(envelope(404, "image data not found in DB"))
        #expect(ErrorFormatter.render(error, jsonMode: false) == "Error: image data not found in DB\nHTTP Code: 404\nDetail: {'error_codes': []}\n")
        #expect(
            ErrorFormatter.render(error, jsonMode: true)
                == "{\n    \"detail\": {\n        \"error_codes\": []\n    },\n    \"httpcode\": 404,\n    \"message\": \"image data not found in DB\"\n}")
        #expect(error.exitStatus == 1)
    }

    @Test func plainTextBodiesPrintAsJSONStrings() {
        let unauthorized = ClientError.httpError(APIResponse(status: 401, body: Array("Unauthorized".utf8)))
        #expect(ErrorFormatter.render(unauthorized, jsonMode: false) == "\"Unauthorized\"")
        #expect(unauthorized.exitStatus == 2)
        let empty = ClientError.httpError(APIResponse(status: 401, body: []))
        #expect(ErrorFormatter.render(empty, jsonMode: false) == "\"Unauthorized - please check your username/password\"")
    }

    @Test func validationProblemsGetAHint() throws {
        let problem = try json(#"{"detail": "'tag' is a required property", "status": 400, "title": "Bad Request", "type": "about:blank"}"#)
        let error = ClientError.httpError(APIResponse(status: 400, json: problem))
        #expect(
            ErrorFormatter.render(error, jsonMode: false) == """
                Detail: 'tag' is a required property
                Hint: The "tag" key is not present in the JSON file, make sure it exists:

                    {
                        "tag": <value>
                        ...
                    }

                """)
    }

    @Test func clientSideErrorsPrintTheirMessage() {
        let error = ClientError(.noImageDigest, "cannot use input image string: no discovered imageDigest")
        #expect(ErrorFormatter.render(error, jsonMode: false) == "Error: cannot use input image string: no discovered imageDigest\n")
        #expect(ErrorFormatter.render(error, jsonMode: true) == "{\n    \"message\": \"cannot use input image string: no discovered imageDigest\"\n}")
        #expect(error.exitStatus == 1)
    }

    @Test(arguments: [(200, Int32(0)), (298, 0), (299, 1), (400, 1), (401, 2), (403, 1), (404, 1), (409, 1), (500, 2), (502, 1)])
    func exitStatusFollowsGetEcode(status: Int, exit: Int32) {
        #expect(ExitStatus.forHTTPStatus(status) == exit)
    }
}
