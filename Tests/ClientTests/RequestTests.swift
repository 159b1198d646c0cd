import Client
import Testing

/// The requests are anchore-cli 0.9.3's, as its `requests` calls put them on the wire.
@Suite struct RequestTests {
    let endpoints = AnchoreEndpoints(baseURL: base)

    @Test func addImageUsesPythonCasedAutosubscribeAndLowercaseForce() {
        let plain = endpoints.addImage(tag: "docker.io/alpine:3.12")
        #expect(plain == APIRequest(.post, "\(base)/images?autosubscribe=True", body: #"{"tag": "docker.io/alpine:3.12"}"#))
        var annotations = JSONObject()
        annotations["team"] = "payments"
        annotations["é"] = "1=2"
        let full = endpoints.addImage(tag: "a/b:c", dockerfile: "RlJPTQ==", annotations: annotations, force: true, autosubscribe: false)
        #expect(full.url == "\(base)/images?autosubscribe=False&force=true")
        #expect(full.body == #"{"dockerfile": "RlJPTQ==", "tag": "a/b:c", "annotations": {"team": "payments", "\u00e9": "1=2"}}"#)
    }

    @Test func imageLookupsEncodeTheTagAndKeepDigestsAsGiven() {
        #expect(endpoints.image(tag: "127.0.0.1:5000/cli/app:2", history: false).url
            == "\(base)/images?fulltag=127.0.0.1%3A5000%2Fcli%2Fapp%3A2&history=false")
        #expect(endpoints.image(tag: "my image", history: true).url == "\(base)/images?fulltag=my+image&history=true")
        #expect(endpoints.image(digest: imageDigest).url == "\(base)/images/\(imageDigest)?history=false")
        #expect(endpoints.image(imageID: "ab12").url == "\(base)/images/by_id/ab12?history=false")
        #expect(endpoints.listImages() == APIRequest(.get, "\(base)/images"))
    }

    @Test func contentMetadataAndDelete() {
        let quoted = "sha256%3Aabc"
        #expect(endpoints.query(digest: quoted, group: "content", type: nil).url == "\(base)/images/sha256%3Aabc/content")
        #expect(endpoints.query(digest: quoted, group: "content", type: "os").url == "\(base)/images/sha256%3Aabc/content/os")
        #expect(endpoints.query(digest: "sha256:abc", group: "metadata", type: "manifest").url == "\(base)/images/sha256:abc/metadata/manifest")
        #expect(endpoints.deleteImage(digest: quoted, force: false) == APIRequest(.delete, "\(base)/images/sha256%3Aabc"))
        #expect(endpoints.deleteImage(digest: quoted, force: true).url == "\(base)/images/sha256%3Aabc?force=True")
    }

    @Test func subscriptionsAndSystem() {
        #expect(endpoints.subscriptions().url == "\(base)/subscriptions")
        #expect(endpoints.subscriptions(key: "docker.io/alpine:3.12", type: "tag_update").url
            == "\(base)/subscriptions?subscription_key=docker.io%2Falpine%3A3.12&subscription_type=tag_update")
        let update = endpoints.updateSubscription(id: "f00", active: false, key: "docker.io/alpine:3.12", type: "tag_update")
        #expect(update == APIRequest(.put, "\(base)/subscriptions/f00",
            body: #"{"active": false, "subscription_key": "docker.io/alpine:3.12", "subscription_type": "tag_update"}"#))
        #expect(endpoints.systemStatus().url == "\(base)/system")
        #expect(endpoints.systemFeeds().url == "\(base)/system/feeds")
    }

    @Test func trailingSlashIsStrippedOnceExceptForTheAccessCheck() {
        let slashed = AnchoreEndpoints(baseURL: base + "/")
        #expect(slashed.base().url == base + "/")
        #expect(slashed.listImages().url == "\(base)/images")
        #expect(slashed.subscriptions().url == "\(base)/subscriptions")
    }

    @Test(arguments: [
        ("sha256:abc", "sha256%3Aabc"),
        ("a b+c", "a+b%2Bc"),
        ("AZaz09_.-~", "AZaz09_.-~"),
        ("x/y@z", "x%2Fy%40z"),
        ("é", "%C3%A9"),
    ])
    func quotePlusMatchesPython(input: String, expected: String) {
        #expect(PercentEncoding.quotePlus(input) == expected)
        #expect(PercentEncoding.unquotePlus(expected) == input)
    }

    @Test func connectionSettingsFallBackToTheEnvironment() {
        func resolve(_ url: String? = nil, _ user: String? = nil, _ password: String? = nil, json: Bool = false,
                     env environment: [String: String]) -> ClientConfiguration {
            ClientConfiguration.resolve(url: url, user: user, password: password, json: json, environment: environment)
        }
        #expect(resolve(env: [:]) == ClientConfiguration(url: "http://localhost:8228/v1"))
        let anchore = resolve(env: ["ANCHORE_CLI_URL": "http://a/v1", "ANCHORE_CLI_USER": "u1", "ANCHORE_CLI_PASS": "p1", "ANCHORE_CLI_JSON": "y"])
        #expect(anchore == ClientConfiguration(url: "http://a/v1", user: "u1", password: "p1", jsonMode: true))
        let drydock = resolve(env: ["ANCHORE_CLI_URL": "http://a/v1", "DRYDOCK_URL": "http://d/v1", "DRYDOCK_USER": "u2", "DRYDOCK_PASS": "p2"])
        #expect(drydock == ClientConfiguration(url: "http://d/v1", user: "u2", password: "p2"))
        let flags = resolve("http://f/v1", "u3", "p3", json: true, env: ["DRYDOCK_URL": "http://d/v1", "DRYDOCK_USER": "u2"])
        #expect(flags == ClientConfiguration(url: "http://f/v1", user: "u3", password: "p3", jsonMode: true))
        #expect(resolve(env: ["ANCHORE_CLI_ACCOUNT": "team"]).asAccount == "team")
        #expect(resolve(env: ["ANCHORE_CLI_ACCOUNT": "team", "DRYDOCK_ACCOUNT": "ops"]).asAccount == "ops")
        #expect(ClientConfiguration.resolve(url: nil, user: nil, password: nil, json: false, asAccount: "dev",
                                            environment: ["DRYDOCK_ACCOUNT": "ops"]).asAccount == "dev")
        // Certificates are verified unless `--insecure` or an SSL_VERIFY of `n` says otherwise.
        #expect(resolve(env: [:]).verifyTLS)
        #expect(!resolve(env: ["ANCHORE_CLI_SSL_VERIFY": "N"]).verifyTLS)
        #expect(resolve(env: ["ANCHORE_CLI_SSL_VERIFY": "y"]).verifyTLS)
        #expect(!ClientConfiguration.resolve(url: nil, user: nil, password: nil, json: false, insecure: true, environment: [:]).verifyTLS)
    }
}

/// How anchore-cli classifies what the user typed (`discover_inputimage_format`, `discover_inputimage`).
@Suite struct InputImageTests {
    static let hex = String(repeating: "ab12", count: 16)

    @Test(arguments: [
        ("sha256:\(hex)", InputImage.Format.imageDigest),
        ("local:\(hex)", .imageDigest),
        ("sha256:\(hex)-trailing", .imageDigest),
        (hex, .imageID),
        (String(hex.dropLast()), .tag),
        ("sha256:abc", .tag),
        ("docker.io/alpine:3.12", .tag),
        ("alpine", .tag),
        ("docker.io/alpine@sha256:\(hex)", .tag),
    ])
    func formatOfInput(input: String, format: InputImage.Format) {
        #expect(InputImage.format(of: input) == format)
    }

    @Test func digestsInTheInputAreUsedWithoutAskingTheServer() {
        #expect(InputImage.localDiscovery(of: "sha256:\(Self.hex)") == .init(kind: "digest", digest: "sha256%3A\(Self.hex)"))
        #expect(InputImage.localDiscovery(of: "docker.io/alpine@sha256:\(Self.hex)")?.digest == "sha256%3A\(Self.hex)")
        #expect(InputImage.localDiscovery(of: "sha256%3A\(Self.hex)") == .init(kind: "imageDigest", digest: "sha256%3A\(Self.hex)"))
        #expect(InputImage.localDiscovery(of: "local:\(Self.hex)") == .init(kind: "imageDigest", digest: "local:\(Self.hex)"))
        #expect(InputImage.localDiscovery(of: "docker.io/alpine:3.12") == nil)
        #expect(InputImage.localDiscovery(of: Self.hex) == nil)
    }

    @Test func tagsAndImageIDsAreLookedUpByFulltag() async throws {
        let record = try json(analyzedRecordJSON)
        let transport = RecordingTransport { request in
            request.url.contains("fulltag=docker.io%2Falpine%3A3.12") || request.url.contains("fulltag=13621d1b12d4")
                ? ok([record]) : envelope(404, "image data not found in DB")
        }
        let session = ClientSession(configuration: ClientConfiguration(url: base), transport: transport, console: RecordingConsole())
        #expect(await session.discoverImage("docker.io/alpine:3.12") == .init(kind: "tag", digest: imageDigest))
        #expect(await session.discoverImage("13621d1b12d4") == .init(kind: "imageid", digest: imageDigest))
        #expect(await session.discoverImage("docker.io/missing:1") == .init(kind: "tag", digest: nil))
        #expect(transport.requests.map(\.url) == [
            "\(base)/images?fulltag=docker.io%2Falpine%3A3.12&history=false",
            "\(base)/images?fulltag=13621d1b12d4&history=false",
            "\(base)/images?fulltag=docker.io%2Fmissing%3A1&history=false",
        ])
    }
}

/// anchore-cli's connection options before the command, moved where drydock's commands read them.
@Suite struct LeadingOptionsTests {
    @Test(arguments: [
        (["--url", "http://h:1/v1", "--u", "admin", "--p", "pw", "--json", "image", "list"],
         ["image", "list", "--url", "http://h:1/v1", "--u", "admin", "--p", "pw", "--json"]),
        (["--json", "--as-account=team", "image", "content", "x", "os"], ["image", "content", "x", "os", "--json", "--as-account=team"]),
        (["--insecure", "--u", "a", "system", "status"], ["system", "status", "--u", "a"]),
        (["--u", "admin", "vex", "add", "--", "-file.json"], ["vex", "add", "--u", "admin", "--", "-file.json"]),
        // Not leading, or not ours: as they are.
        (["image", "list", "--url", "u"], ["image", "list", "--url", "u"]),
        (["--debug", "image", "list"], ["--debug", "image", "list"]),
        (["--url"], ["--url"]),
        ([], []),
    ] as [([String], [String])])
    func moved(arguments: [String], expected: [String]) {
        let moved = ConnectionOptions.movingLeadingOptions(arguments)
        #expect(moved.arguments == expected)
        // A leading `--insecure` is taken out and reported; after the command it stays (`registry add --insecure`).
        #expect(moved.insecure == (arguments.first == "--insecure"))
    }

    @Test func insecureAfterTheCommandIsTheCommandsOwn() {
        let line = ["registry", "add", "r.example", "u", "p", "--insecure"]
        #expect(ConnectionOptions.movingLeadingOptions(line) == (line, false))
    }
}

/// anchore-cli's `~/.anchore/credentials.yaml` (its `default` profile) as a source of connection settings.
@Suite struct CredentialsFileTests {
    @Test func theDefaultProfileSitsBetweenDrydocksAndAnchoreCLIsEnvironment() throws {
        let file = try ClientCredentialsFile.settings("""
            default:
              ANCHORE_CLI_USER: 'admin'
              ANCHORE_CLI_PASS: 'foobar'
              ANCHORE_CLI_URL: 'http://file:8228/v1'
              ANCHORE_CLI_SSL_VERIFY: 'n'
            other:
              ANCHORE_CLI_USER: 'someone'
            """)
        #expect(file == ["ANCHORE_CLI_USER": "admin", "ANCHORE_CLI_PASS": "foobar", "ANCHORE_CLI_URL": "http://file:8228/v1", "ANCHORE_CLI_SSL_VERIFY": "n"])
        func resolve(_ environment: [String: String], user: String? = nil) -> ClientConfiguration {
            ClientConfiguration.resolve(url: nil, user: user, password: nil, json: false, environment: environment, file: file)
        }
        #expect(resolve([:]) == ClientConfiguration(url: "http://file:8228/v1", user: "admin", password: "foobar", verifyTLS: false))
        // The file wins over ANCHORE_CLI_* (as in anchore-cli), DRYDOCK_* and flags win over the file.
        #expect(resolve(["ANCHORE_CLI_USER": "env"]).user == "admin")
        #expect(resolve(["DRYDOCK_USER": "dd"]).user == "dd")
        #expect(resolve(["DRYDOCK_USER": "dd"], user: "flag").user == "flag")
    }

    @Test func missingEmptyAndMalformedFiles() throws {
        #expect(try ClientCredentialsFile.settings(environment: ["HOME": "/nonexistent-home"]) == [:])
        #expect(try ClientCredentialsFile.settings("") == [:])
        #expect(try ClientCredentialsFile.settings("other: {ANCHORE_CLI_USER: x}") == [:])
        #expect(ClientCredentialsFile.path(environment: ["HOME": "/h", "ANCHORE_CLI_CONFIG": "/etc/anchore.yaml"]) == "/etc/anchore.yaml")
        #expect(ClientCredentialsFile.path(environment: ["HOME": "/h"]) == "/h/.anchore/credentials.yaml")
        for text in ["- a\n- b", "default: [1, 2]", "default: {ANCHORE_CLI_USER: [x]}", "default: {a: b"] {
            #expect(throws: ClientError.self, "\(text)") { try ClientCredentialsFile.settings(text) }
        }
    }
}
