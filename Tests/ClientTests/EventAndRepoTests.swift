import Client
import Testing

/// Event records as `GET /events` returns them (reference §2.8).
private let events: JSONValue = [
    "results": [
        [
            "generated_uuid": "8c1b0001", "created_at": "2021-10-01T10:00:00.123456Z",
            "event": [
                "type": "user.image.analysis.completed", "level": "info", "message": "Image analysis available", "details": [:],
                "timestamp": "2021-10-01T10:00:00.120000Z",
                "resource": ["user_id": "admin", "id": "docker.io/alpine:3.12", "type": "image_tag"],
                "source": ["servicename": "analyzer", "hostid": "anchore-quickstart", "base_url": "http://analyzer:8228", "request_id": nil],
            ],
        ],
        [
            "generated_uuid": "77aa0002", "created_at": "2021-10-01T09:00:00Z",
            "event": [
                "type": "system.repository.list_tags_fail", "level": "error", "message": "x", "details": [:],
                "timestamp": "2021-10-01T09:00:00Z",
                "resource": ["user_id": "admin", "id": "docker.io/nginx", "type": "repository"],
                "source": ["servicename": "catalog", "hostid": "drydock", "base_url": "http://x", "request_id": nil],
            ],
        ],
    ],
    "next_page": false, "item_count": 2, "page": 1,
]

/// `repo_update` subscriptions (reference §2.5): the value is a JSON string holding `tagcount`.
private let repositories: JSONValue = [
    [
        "subscription_id": "r1", "userId": "admin", "subscription_type": "repo_update", "subscription_key": "docker.io/nginx",
        "subscription_value": #"{"autosubscribe": true, "lookuptag": "latest", "tagcount": 12}"#, "active": true,
        "created_at": 1, "last_updated": 2,
    ],
    [
        "subscription_id": "r2", "userId": "admin", "subscription_type": "repo_update",
        "subscription_key": "127.0.0.1:5000/team/app", "subscription_value": nil, "active": false, "created_at": 1,
        "last_updated": 2,
    ],
]

/// Expected texts are anchore-cli 0.9.3's `format_output` (and PyYAML 6's `safe_dump`) run on the same payloads.
@Suite struct EventFormatterTests {
    @Test func listKeepsTheServersOrder() throws {
        #expect(try EventFormatter.list(events) == """
            Timestamp                          Level        Event                                   Resource                     ID              
            2021-10-01T10:00:00.120000Z        info         user.image.analysis.completed           docker.io/alpine:3.12        8c1b0001        
            2021-10-01T09:00:00Z               error        system.repository.list_tags_fail        docker.io/nginx              77aa0002        
            """)
    }

    @Test func fullListAddsResourceTypeServiceAndHost() throws {
        #expect(try EventFormatter.listFull(events).split(separator: "\n") == [
            "Timestamp                          Level        Event                                   ResourceType        Resource                     Service         Host                      ID              ",
            "2021-10-01T10:00:00.120000Z        info         user.image.analysis.completed           image_tag           docker.io/alpine:3.12        analyzer        anchore-quickstart        8c1b0001        ",
            "2021-10-01T09:00:00Z               error        system.repository.list_tags_fail        repository          docker.io/nginx              catalog         drydock                   77aa0002        ",
        ])
    }

    @Test func deleteCountsTheIds() throws {
        #expect(try EventFormatter.delete(["a", "b"]) == "Deleted 2 events")
        #expect(try EventFormatter.delete([]) == "No matching events found")
        #expect(try EventFormatter.delete(nil) == "Success")
    }

    @Test func getDumpsTheEventAsPyYAMLDoes() throws {
        let record: JSONValue = [
            "event": [
                "type": "user.image.analysis.completed", "level": "info", "message": "Image analysis available",
                "details": [
                    "curr_eval": ["analysis_status": "analyzed", "annotations": [:]], "digests": ["sha256:ab"], "empty": [],
                    "note": "it's a very long explanation of what happened here, which goes past the eighty column limit of the emitter",
                    "yes": "no", "count": 3, "ratio": 0.5, "none": nil, "ok": true,
                ],
                "timestamp": "2021-10-01T10:00:00.120000Z",
                "resource": ["user_id": "admin", "id": "docker.io/alpine:3.12", "type": "image_tag"],
                "source": ["servicename": "analyzer", "hostid": "anchore-quickstart", "base_url": "http://analyzer:8228", "request_id": nil],
            ],
        ]
        #expect(try EventFormatter.get(record) == """
            details:
              count: 3
              curr_eval:
                analysis_status: analyzed
                annotations: {}
              digests:
              - sha256:ab
              empty: []
              none: null
              note: it's a very long explanation of what happened here, which goes past the eighty
                column limit of the emitter
              ok: true
              ratio: 0.5
              'yes': 'no'
            level: info
            message: Image analysis available
            resource:
              id: docker.io/alpine:3.12
              type: image_tag
              user_id: admin
            source:
              base_url: http://analyzer:8228
              hostid: anchore-quickstart
              request_id: null
              servicename: analyzer
            timestamp: '2021-10-01T10:00:00.120000Z'
            type: user.image.analysis.completed

            """)
    }

    @Test(arguments: [
        (JSONValue.array(["a", ["k": .string("caf\u{e9} " + String(repeating: "x", count: 90))]]),
         "- a\n- k: \"caf\\xE9 \(String(repeating: "x", count: 90))\"\n"),
        ("plain", "plain\n...\n"), (JSONValue.null, "null\n...\n"), (JSONValue.object(JSONObject()), "{}\n"), ("- dash", "'- dash'\n"), ("a: b", "'a: b'\n"),
        ("x #y", "'x #y'\n"), (" lead", "' lead'\n"), ("two\n\nlines", "'two\n\n\n  lines'\n"), ("12", "'12'\n"),
        ("", "''\n"), (JSONValue.array([["a", "b"], .array([])]), "- - a\n  - b\n- []\n"),
    ])
    func yamlScalarsAndNesting(value: JSONValue, expected: String) {
        #expect(value.pythonYAML == expected)
    }
}

@Suite struct RepoFormatterTests {
    @Test func listShowsNAWhenTheValueHasNoTagCount() throws {
        #expect(try RepoFormatter.list(repositories) == """
            Repository                     Watched        TagCount        
            127.0.0.1:5000/team/app        False          N/A             
            docker.io/nginx                True           12              
            """)
    }

    @Test func dryRunAddSaysSoFirst() throws {
        #expect(try RepoFormatter.records(.array([repositories[0]!]), dryRun: true) == """
            DRY RUN: Repository not added

            Repository             Watched        TagCount        
            docker.io/nginx        True           12              
            """)
    }

    @Test func getFailsOnAValueThatIsNotJSONText() {
        #expect(throws: ClientError.self) { try RepoFormatter.records(.array([repositories[1]!]), dryRun: false) }
    }

    @Test func subscriptionGetAddsIDAndUser() throws {
        let records: JSONValue = [[
            "subscription_id": "s1", "userId": "admin", "subscription_type": "tag_update",
            "subscription_key": "docker.io/alpine:3.12", "subscription_value": nil, "active": true,
        ]]
        #expect(try SubscriptionFormatter.get(records) == """
            Tag                          Subscription Type        Active        Subscription ID        User ID        
            docker.io/alpine:3.12        tag_update               True          s1                     admin          
            """)
    }

    @Test(arguments: [
        ("alpine", "docker.io/alpine"), ("docker.io/alpine:3.12", "docker.io/alpine"),
        ("127.0.0.1:5000/team/app:1", "127.0.0.1:5000/team/app"), ("localhost/app", "localhost/app"),
        ("quay.io/org/app@sha256:ab", "quay.io/org/app"), ("team/app:2", "docker.io/team/app"), ("myhost:/x", "myhost/x"),
    ])
    func repositoryNamesNormalizeAsAnchoreCLIs(input: String, expected: String) throws {
        #expect(try RepositoryName.normalize(input) == expected)
    }
}

@Suite struct EventAndRepoRequestTests {
    let endpoints = AnchoreEndpoints(baseURL: base)

    @Test func eventRequests() {
        let filter = EventListFilter(
            resource: "docker.io/alpine:3.12", since: "2021-10-01T00:00:00Z", level: "info", service: "analyzer", host: "",
            eventType: "user.*", resourceType: "image_tag")
        #expect(endpoints.events(filter, page: 2).url == "\(base)/events?since=2021-10-01T00%3A00%3A00Z&level=info"
            + "&source_servicename=analyzer&resource_id=docker.io%2Falpine%3A3.12&event_type=user.%2A&resource_type=image_tag&page=2")
        #expect(endpoints.events() == APIRequest(.get, "\(base)/events"))
        #expect(endpoints.event(id: "abc") == APIRequest(.get, "\(base)/events/abc"))
        #expect(endpoints.deleteEvent(id: "abc") == APIRequest(.delete, "\(base)/events/abc"))
        #expect(endpoints.deleteEvents() == APIRequest(.delete, "\(base)/events"))
        #expect(endpoints.deleteEvents(since: "a", before: "b") == APIRequest(.delete, "\(base)/events?since=a&before=b"))
    }

    @Test func repositoryAndSubscriptionRequests() {
        #expect(endpoints.addRepository("docker.io/nginx", autosubscribe: true, dryRun: false)
            == APIRequest(.post, "\(base)/repositories?repository=docker.io%2Fnginx&autosubscribe=True&dryrun=False"))
        #expect(endpoints.addRepository("h:5000/a", autosubscribe: false, lookupTag: "v1", dryRun: true).url
            == "\(base)/repositories?repository=h%3A5000%2Fa&autosubscribe=False&dryrun=True&lookuptag=v1")
        #expect(endpoints.subscription(id: "f00") == APIRequest(.get, "\(base)/subscriptions/f00"))
        #expect(endpoints.subscription(id: "f00", delete: true) == APIRequest(.delete, "\(base)/subscriptions/f00"))
    }
}

/// Whole event, repo and subscription commands against an in-memory service.
@Suite struct EventAndRepoSessionTests {
    @Test func listAllFollowsNextPage() async throws {
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            let first = !request.url.contains("page=")
            let results = events["results"]!.arrayValue!
            return ok(["results": [results[first ? 0 : 1]], "next_page": .bool(first), "item_count": 1, "page": first ? 1 : 2])
        }
        let result = await runSession(transport) { try await $0.listEvents(EventListFilter(level: "INFO"), all: true) }
        #expect(result.status == 0)
        #expect(transport.calls == ["GET \(base)/events?level=info", "GET \(base)/events?level=info&page=2"])
        #expect(result.output == (try EventFormatter.list(events)) + "\n")
    }

    @Test func badLevelIsRefusedClientSide() async {
        let transport = RecordingTransport { _ in ok("v1") }
        let result = await runSession(transport) { try await $0.listEvents(EventListFilter(level: "warn")) }
        #expect(result.status == 2)
        #expect(result.output == "Error: warn is an invalid value for --level. Supported values are 'info' or 'error'\n\n")
        #expect(transport.calls.isEmpty)
    }

    @Test func deleteNeedsATarget() async {
        let transport = RecordingTransport { $0.url == base ? ok("v1") : ok(["e1", "e2"]) }
        let none = await runSession(transport) { try await $0.deleteEvents() }
        #expect(none.status == 2)
        #expect(none.output == "Error: Must include either an event_id, --all, --since, or --before\n\n")
        let declined = await runSession(transport) { try await $0.deleteEvents(all: true) { "N" } }
        #expect(declined.status == 0 && declined.output.isEmpty)
        #expect(transport.requests.allSatisfy { $0.url == base })
        let confirmed = await runSession(transport) { try await $0.deleteEvents(all: true) { "y" } }
        #expect(confirmed.status == 0 && confirmed.output == "Deleted 2 events\n")
        let before = await runSession(transport) { try await $0.deleteEvents(before: "2021-10-01T00:00:00Z") }
        #expect(before.output == "Deleted 2 events\n")
        #expect(transport.requests.last?.url == "\(base)/events?before=2021-10-01T00%3A00%3A00Z")
        let one = await runSession(transport) { try await $0.deleteEvents(id: "e1", all: true) }
        #expect(one.status == 0 && one.output.isEmpty)
        #expect(transport.requests.last == APIRequest(.delete, "\(base)/events/e1"))
    }

    @Test func unwatchLooksTheRepositoryUpAndPrintsTheRecord() async throws {
        let record = repositories[0]!
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            if request.method == .put {
                guard case .object(var updated) = record else { return ok(nil) }
                updated["active"] = false
                return ok([.object(updated)])
            }
            return ok([record])
        }
        let result = await runSession(transport) { try await $0.watchRepository("nginx", watch: false) }
        #expect(result.status == 0)
        #expect(transport.calls == [
            "GET \(base)/subscriptions?subscription_key=docker.io%2Fnginx&subscription_type=repo_update",
            "PUT \(base)/subscriptions/r1",
        ])
        #expect(result.output.contains("docker.io/nginx        False          12"))
    }

    @Test func repoGetAndDelete() async throws {
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            if request.method == .delete { return ok(true) }
            if request.url.contains("subscription_key=docker.io%2Fmissing") { return ok([]) }
            return ok(repositories)
        }
        let got = await runSession(transport) { try await $0.getRepository("docker.io/nginx:latest") }
        #expect(got.status == 0)
        #expect(transport.calls.last == "GET \(base)/subscriptions?subscription_type=repo_update")
        #expect(got.output == "Repository             Watched        TagCount        \ndocker.io/nginx        True           12              \n")
        let deleted = await runSession(transport) { try await $0.deleteRepository("nginx") }
        #expect(deleted.status == 0 && deleted.output == "Success\n")
        #expect(transport.calls.last == "DELETE \(base)/subscriptions/r1")
        let missing = await runSession(transport) { try await $0.deleteRepository("docker.io/missing") }
        #expect(missing.status == 2)
        #expect(missing.output.hasPrefix("Error: cannot locate subscription record using specified input "
            + "(subscription_type=repo_update, subscription_key=docker.io/missing needs to exist before deletion)"))
    }

    @Test func subscriptionGetAndDel() async throws {
        let transport = RecordingTransport { request in
            if request.url == base { return ok("v1") }
            return request.method == .delete ? ok(true) : ok([])
        }
        let got = await runSession(transport) { try await $0.getSubscription(id: "f00") }
        #expect(got.status == 0 && got.output == "\n")
        let deleted = await runSession(transport, json: true) { try await $0.deleteSubscription(id: "f00") }
        #expect(deleted.status == 0 && deleted.output == "Success\n")
        #expect(transport.calls.last == "DELETE \(base)/subscriptions/f00")
    }
}
