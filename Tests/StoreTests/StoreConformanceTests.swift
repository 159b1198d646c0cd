import Foundation
import OCI
import Store
import Testing

/// The rest of the store contract, protocol by protocol, on every conformer: what each operation keeps, orders,
/// refuses and removes.
@Suite struct StoreConformanceTests {
    @Test(arguments: StoreKind.allCases) func accountsUpdateRefuseAndDeleteEverythingTheyOwn(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.insert(Account(name: "zed", createdAt: at(1)))
            try await store.insert(Account(name: "amy", email: "a@example.com", createdAt: at(2)))
            #expect(try await store.accounts().map(\.name) == ["amy", "zed"])
            var amy = try #require(try await store.account(named: "amy"))
            amy.state = .disabled
            amy.email = nil
            amy.lastUpdated = at(3)
            try await store.update(amy)
            #expect(try await store.account(named: "amy") == amy)
            await #expect(throws: StoreError.self) { try await store.update(Account(name: "nobody", createdAt: at(1))) }

            // Users: unique names, only in an account that exists; an update changes the hash and role only.
            try await store.insert(User(username: "u2", account: "amy", passwordHash: "h", createdAt: at(4)))
            try await store.insert(User(username: "u1", account: "amy", passwordHash: "h", role: .readOnly, createdAt: at(5)))
            await #expect(throws: StoreError.self) { try await store.insert(User(username: "u1", account: "zed", passwordHash: "h", createdAt: at(5))) }
            await #expect(throws: StoreError.self) { try await store.insert(User(username: "u3", account: "ghost", passwordHash: "h", createdAt: at(5))) }
            #expect(try await store.users(account: "amy").map(\.username) == ["u1", "u2"])
            var u1 = try #require(try await store.user(named: "u1"))
            u1.role = .readWrite
            u1.passwordHash = "h2"
            u1.lastUpdated = at(6)
            try await store.update(u1)
            #expect(try await store.user(named: "u1") == u1)
            await #expect(throws: StoreError.self) { try await store.update(User(username: "ghost", account: "amy", passwordHash: "h", createdAt: at(1))) }
            try await store.deleteUser(named: "u2")
            #expect(try await store.user(named: "u2") == nil)

            // Deleting an account removes what it owns, and nothing of another account.
            for account in ["amy", "zed"] {
                let image = queued(1, account: account, at: 10)
                try await store.modifyImage(account: account, digest: image.digest) { $0 = image }
                try await store.putArtifact(account: account, digest: digest(1), kind: "analysis", data: Data([1]))
                try await store.save(Subscription(account: account, type: "tag_update", key: "r/a:1", createdAt: at(1)))
                try await store.insert(Event(account: account, type: "t", message: "m", resourceID: "r", resourceType: "x", sourceService: "s",
                                             sourceHost: "h", timestamp: at(1)))
                try await store.saveNotification(QueuedNotification(account: account, type: "t", payload: Data(), createdAt: at(1), expiresAt: at(9)))
                try await store.save(PolicyRecord(account: account, id: "p", active: true, name: nil, description: nil, bundle: Data(), createdAt: at(1), lastUpdated: at(1)))
                try await store.save(VEXRecord(account: account, id: "v", documentID: "d", author: "a", statementCount: 1, createdAt: at(1), document: Data()))
                try await store.save(RegistryRecord(account: account, registry: "r", username: "u", encryptedPassword: Data(), createdAt: at(1)))
            }
            try await store.deleteAccount(named: "amy")
            #expect(try await store.account(named: "amy") == nil)
            #expect(try await store.user(named: "u1") == nil)
            #expect(try await store.image(account: "amy", digest: digest(1)) == nil)
            #expect(try await store.artifact(account: "amy", digest: digest(1), kind: "analysis") == nil)
            #expect(try await store.subscriptions(account: "amy", key: nil, type: nil).isEmpty)
            #expect(try await store.events(account: "amy", filter: EventFilter(), page: 1, limit: 10).events.isEmpty)
            #expect(try await store.pendingNotifications(account: "amy").isEmpty)
            #expect(try await store.policies(account: "amy").isEmpty)
            #expect(try await store.vexDocuments(account: "amy").isEmpty)
            #expect(try await store.registries(account: "amy").isEmpty)
            #expect(try await store.image(account: "zed", digest: digest(1)) != nil)
            #expect(try await store.pendingNotifications(account: nil).map(\.account) == ["zed"])
            #expect(try await store.policies(account: "zed").count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func imagesUpsertTagsKeepOrderAndRefuseAnotherIdentity(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for (n, time) in [(1, 10.0), (2, 30.0), (3, 30.0)] {
                let image = queued(n, at: time)
                try await store.modifyImage(account: "admin", digest: image.digest) { $0 = image }
            }
            // Newest first; the same age by digest.
            #expect(try await store.images(account: "admin", filter: ImageFilter()).map(\.digest) == [digest(2), digest(3), digest(1)])
            // A tag left out of the record is not dropped; a tag written again is replaced in place.
            try await store.modifyImage(account: "admin", digest: digest(1)) { image in
                image?.tags = [TagRecord(registry: "r.example", repository: "app", tag: "new", imageID: "1", createdAt: at(50))]
            }
            try await store.modifyImage(account: "admin", digest: digest(1)) { image in
                image?.tags[0].dockerfile = "RlJPTSBzY3JhdGNo"
            }
            let tags = try #require(try await store.image(account: "admin", digest: digest(1))?.tags)
            #expect(tags.map(\.tag) == ["v1", "new"])
            #expect(tags.first?.dockerfile == "RlJPTSBzY3JhdGNo")
            // The transform's result comes back; an image cannot become another.
            let status = try await store.modifyImage(account: "admin", digest: digest(1)) { $0?.analysisStatus }
            #expect(status == .notAnalyzed)
            await #expect(throws: StoreError.self) {
                try await store.modifyImage(account: "admin", digest: digest(1)) { $0?.digest = digest(9) }
            }
            await #expect(throws: StoreError.self) {
                try await store.modifyImage(account: "admin", digest: digest(1)) { $0?.account = "other" }
            }
            // A status other than analyzing ends the lease: the former holder can no longer finish.
            let claimed = try #require(try await store.claimNextImage(worker: "w", leaseUntil: at(500), now: at(100)))
            #expect(claimed.digest == digest(1))
            try await store.modifyImage(account: "admin", digest: digest(1)) { $0?.analysisStatus = .notAnalyzed }
            #expect(try await store.renewLease(account: "admin", digest: digest(1), worker: "w", until: at(600)) == false)
            #expect(try await store.finishAnalysis(claimed, worker: "w", artifacts: [:]) == false)
            // Deleting an image deletes its artifacts.
            try await store.putArtifact(account: "admin", digest: digest(1), kind: "analysis", data: Data([1]))
            try await store.modifyImage(account: "admin", digest: digest(1)) { $0 = nil }
            #expect(try await store.artifact(account: "admin", digest: digest(1), kind: "analysis") == nil)
            #expect(try await store.analysisStatusCounts() == [.notAnalyzed: 2])
        }
    }

    @Test(arguments: StoreKind.allCases) func finishingAnAnalysisKeepsTagsAddedMeanwhileAndRequeueAllTakesEveryLease(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for n in 1...2 {
                let image = queued(n, at: Double(n))
                try await store.modifyImage(account: "admin", digest: image.digest) { $0 = image }
            }
            let now = at(100)
            var first = try #require(try await store.claimNextImage(worker: "w1", leaseUntil: now + 60, now: now))
            #expect(first.lastUpdated == now)
            _ = try await store.claimNextImage(worker: "w2", leaseUntil: now + 60, now: now)
            #expect(try await store.claimNextImage(worker: "w3", leaseUntil: now + 60, now: now) == nil)
            #expect(try await store.renewLease(account: "admin", digest: first.digest, worker: "w1", until: now + 120))
            // While it analyzes, the image gets another tag and an annotation.
            try await store.modifyImage(account: "admin", digest: first.digest) { image in
                image?.tags.append(TagRecord(registry: "r.example", repository: "app", tag: "late", imageID: "1", createdAt: at(150)))
                image?.annotations = ["k": "v"]
            }
            first.analysisStatus = .analyzed
            first.analyzedAt = now + 10
            first.distro = "debian"
            first.layerCount = 3
            first.tags = []
            first.annotations = [:]
            first.lastUpdated = now + 10
            #expect(try await store.finishAnalysis(first, worker: "w1", artifacts: ["analysis": Data([1]), "manifest": Data([2])]))
            let done = try #require(try await store.image(account: "admin", digest: first.digest))
            #expect(done.analysisStatus == .analyzed && done.distro == "debian" && done.layerCount == 3 && done.analyzedAt == now + 10)
            #expect(done.tags.map(\.tag) == ["v1", "late"])
            #expect(done.annotations == ["k": "v"])
            #expect(try await store.artifact(account: "admin", digest: first.digest, kind: "manifest") == Data([2]))
            // A restart of the only process takes back every lease, expired or not.
            #expect(try await store.requeueAbandoned(now: now, all: true) == 1)
            #expect(try await store.analysisStatusCounts() == [.analyzed: 1, .notAnalyzed: 1])
            // Inactive images are not handed out.
            try await store.modifyImage(account: "admin", digest: digest(2)) { $0?.imageStatus = .inactive }
            #expect(try await store.claimNextImage(worker: "w3", leaseUntil: now + 60, now: now) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func subscriptionsKeepTheirIdentityAndOrder(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let late = Subscription(account: "admin", type: "tag_update", key: "r/a:1", createdAt: at(20))
            let early = Subscription(account: "admin", type: "vuln_update", key: "r/b:1", createdAt: at(10))
            let sameTime = Subscription(account: "admin", type: "analysis_update", key: "r/a:1", createdAt: at(20))
            try await store.save([late, early, sameTime])
            try await store.save(Subscription(account: "other", type: "tag_update", key: "r/a:1", createdAt: at(1)))
            #expect(try await store.subscriptions(account: "admin", key: nil, type: nil).map(\.id) == [early.id, sameTime.id, late.id])
            #expect(try await store.subscriptions(account: "admin", key: "r/a:1", type: "tag_update").map(\.id) == [late.id])
            #expect(try await store.subscriptions(account: "admin", key: nil, type: "vuln_update").map(\.id) == [early.id])
            // Saving again changes value, state and time; the kind, key and age stay.
            var changed = late
            changed.value = "{}"
            changed.active = true
            changed.lastUpdated = at(99)
            changed.createdAt = at(98)
            try await store.save(changed)
            let back = try #require(try await store.subscription(account: "admin", id: late.id))
            #expect(back.value == "{}" && back.active && back.lastUpdated == at(99) && back.createdAt == at(20))
            #expect(try await store.subscription(account: "other", id: early.id) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func eventsPageFilterAndDelete(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            func event(_ id: String, _ type: String, _ time: Double, level: Event.Level = .info, resource: String = "r") -> Event {
                Event(id: id, account: "admin", type: type, level: level, message: "m \(id)", resourceID: resource, resourceType: "image_tag",
                      sourceService: "catalog", sourceHost: "h", details: ["k": id], timestamp: at(time))
            }
            for e in [
                event("e1", "user.image.analysis.completed", 10), event("e2", "user.image.analysis.failed", 20, level: .error),
                event("e3", "system.feeds.sync.completed", 30), event("e4", "user.tag.updated", 40, resource: "other"),
                event("e5", "user.image.analysis.completed", 40),
            ] {
                try await store.insert(e)
            }
            await #expect(throws: StoreError.self) { try await store.insert(event("e1", "x", 1)) }
            // Newest first (the same time by id), a page at a time.
            let first = try await store.events(account: "admin", filter: EventFilter(), page: 1, limit: 2)
            #expect(first.events.map(\.id) == ["e4", "e5"] && first.more)
            let last = try await store.events(account: "admin", filter: EventFilter(), page: 3, limit: 2)
            #expect(last.events.map(\.id) == ["e1"] && !last.more)
            #expect(try await store.events(account: "admin", filter: EventFilter(), page: 9, limit: 2).events.isEmpty)
            #expect(try await store.event(account: "admin", id: "e2")?.details == ["k": "e2"])
            // Filters: the type as a prefix with `*` wildcards (either case), times, level, resource.
            func ids(_ filter: EventFilter) async throws -> [String] {
                try await store.events(account: "admin", filter: filter, page: 1, limit: 100).events.map(\.id).sorted()
            }
            #expect(try await ids(EventFilter(typePattern: "user.image")) == ["e1", "e2", "e5"])
            #expect(try await ids(EventFilter(typePattern: "user.*.completed")) == ["e1", "e5"])
            #expect(try await ids(EventFilter(typePattern: "USER.Tag")) == ["e4"])
            #expect(try await ids(EventFilter(typePattern: "user_image")) == [])
            #expect(try await ids(EventFilter(typePattern: "image.analysis")) == [])
            #expect(try await ids(EventFilter(since: at(20), before: at(40))) == ["e2", "e3"])
            #expect(try await ids(EventFilter(level: .error)) == ["e2"])
            #expect(try await ids(EventFilter(resourceID: "other", resourceType: "image_tag")) == ["e4"])
            #expect(try await ids(EventFilter(sourceService: "nope")) == [])
            // Deletes: by filter (returning the ids), or one.
            #expect(try await store.deleteEvents(account: "admin", filter: EventFilter(typePattern: "system")).sorted() == ["e3"])
            #expect(try await store.deleteEvent(account: "admin", id: "e1"))
            #expect(try await !store.deleteEvent(account: "admin", id: "e1"))
            #expect(try await ids(EventFilter()) == ["e2", "e4", "e5"])
            #expect(try await store.deleteEvents(account: "other", filter: EventFilter()).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func notificationsWaitInOrderAndKeepWhatTheyCarry(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.nextNotificationDue() == nil)
            let a = QueuedNotification(id: "a", account: "admin", type: "tag_update", payload: Data("{\"a\":1}".utf8), createdAt: at(10), expiresAt: at(100))
            let b = QueuedNotification(id: "b", account: "other", type: "vuln_update", payload: Data("{}".utf8), createdAt: at(5), expiresAt: at(100), nextAttemptAt: at(30))
            let c = QueuedNotification(id: "c", account: "admin", type: "analysis_update", payload: Data("{}".utf8), createdAt: at(20), expiresAt: at(100))
            for n in [a, b, c] { try await store.saveNotification(n) }
            #expect(try await store.nextNotificationDue() == at(10))
            #expect(try await store.dueNotifications(now: at(25), limit: 10).map(\.id) == ["a", "c"])
            #expect(try await store.dueNotifications(now: at(30), limit: 2).map(\.id) == ["a", "c"])
            #expect(try await store.dueNotifications(now: at(30), limit: 0).isEmpty)
            #expect(try await store.pendingNotifications(account: nil).map(\.id) == ["b", "a", "c"])
            #expect(try await store.pendingNotifications(account: "admin").map(\.id) == ["a", "c"])
            // A retry's bookkeeping changes; what it carries and for whom do not.
            var retried = a
            retried.tries = 2
            retried.nextAttemptAt = at(60)
            retried.deliveredTargets = ["general"]
            retried.lastError = "HTTP 500"
            retried.lastUpdated = at(40)
            retried.payload = Data("changed".utf8)
            retried.type = "changed"
            try await store.saveNotification(retried)
            let back = try #require(try await store.pendingNotifications(account: "admin").first)
            #expect(back.tries == 2 && back.nextAttemptAt == at(60) && back.deliveredTargets == ["general"] && back.lastError == "HTTP 500")
            #expect(back.payload == a.payload && back.type == "tag_update" && back.lastUpdated == at(40))
            #expect(try await store.nextNotificationDue() == at(20))
            // A delivery attempt claims a due notification once; the claim ends at its lease.
            #expect(try await store.claimNotification(id: "c", now: at(45), until: at(90)))
            #expect(try await !store.claimNotification(id: "c", now: at(46), until: at(91)))
            #expect(try await !store.claimNotification(id: "gone", now: at(46), until: at(91)))
            #expect(try await store.dueNotifications(now: at(60), limit: 10).map(\.id) == ["b", "a"])  // not c: claimed until 90
            #expect(try await store.claimNotification(id: "c", now: at(90), until: at(120)))
            #expect(try await store.deleteNotification(id: "c"))
            #expect(try await !store.deleteNotification(id: "c"))
            #expect(try await store.nextNotificationDue() == at(30))
        }
    }

    @Test(arguments: StoreKind.allCases) func oneActiveBundleAndEvaluationsNewestFirst(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            func bundle(_ id: String, active: Bool, at time: Double, account: String = "admin") -> PolicyRecord {
                PolicyRecord(account: account, id: id, active: active, name: id, description: nil, bundle: Data(id.utf8), createdAt: at(time), lastUpdated: at(time))
            }
            try await store.save(bundle("b", active: true, at: 2))
            try await store.save(bundle("a", active: false, at: 2))
            try await store.save(bundle("x", active: true, at: 1, account: "other"))
            #expect(try await store.policies(account: "admin").map(\.id) == ["a", "b"])
            // Activating one deactivates the others of the account only; a save keeps the bundle's age.
            var a = bundle("a", active: true, at: 50)
            a.description = "now active"
            try await store.save(a)
            let policies = try await store.policies(account: "admin")
            #expect(policies.map(\.active) == [true, false])
            #expect(policies.first?.createdAt == at(2) && policies.first?.lastUpdated == at(50) && policies.first?.description == "now active")
            #expect(try await store.policy(account: "other", id: "x")?.active == true)
            #expect(try await store.deletePolicy(account: "admin", id: "b"))
            #expect(try await !store.deletePolicy(account: "admin", id: "b"))

            func evaluation(_ id: String, tag: String, policy: String, _ final: String, at time: Double) -> EvaluationRecord {
                EvaluationRecord(account: "admin", id: id, digest: digest(1).description, tag: tag, policyID: policy, finalAction: final,
                                 evaluatedAt: at(time), document: Data(id.utf8))
            }
            try await store.save(evaluation("e1", tag: "r/a:1", policy: "a", "GO", at: 10))
            try await store.save([evaluation("e2", tag: "r/a:1", policy: "a", "STOP", at: 20), evaluation("e3", tag: "r/a:2", policy: "x", "WARN", at: 30)])
            #expect(try await store.evaluations(account: "admin", digest: digest(1).description, tag: nil, policyID: nil).map(\.id) == ["e3", "e2", "e1"])
            #expect(try await store.evaluations(account: "admin", digest: digest(1).description, tag: "r/a:1", policyID: "a").map(\.id) == ["e2", "e1"])
            // The same outcome again moves its time and document, not its id.
            var again = evaluation("e1", tag: "r/a:1", policy: "a", "GO", at: 40)
            again.document = Data("newer".utf8)
            try await store.save(again)
            let latest = try #require(try await store.latestEvaluation(account: "admin", digest: digest(1).description, tag: "r/a:1"))
            #expect(latest.id == "e1" && latest.evaluatedAt == at(40) && latest.document.isEmpty)
            #expect(try await store.evaluation(account: "admin", id: "e1")?.document == Data("newer".utf8))
            let byPolicy = try await store.latestEvaluations(account: "admin", policyID: "a")
            #expect(byPolicy.map(\.id) == ["e1"] && byPolicy.allSatisfy { $0.document.isEmpty })
            #expect(try await store.latestEvaluations(account: "admin", digests: [digest(1).description]).map(\.id) == ["e1", "e3"])
        }
    }

    @Test(arguments: StoreKind.allCases) func vexDocumentsAreReplacedByIdAndListedOldestFirst(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            func vex(_ id: String, author: String, at time: Double, account: String = "admin") -> VEXRecord {
                VEXRecord(account: account, id: id, documentID: "doc-\(id)", author: author, statementCount: 1, createdAt: at(time), document: Data(id.utf8))
            }
            try await store.save(vex("v2", author: "a", at: 10))
            try await store.save(vex("v1", author: "a", at: 10))
            try await store.save(vex("v0", author: "a", at: 20))
            try await store.save(vex("v9", author: "z", at: 1, account: "other"))
            #expect(try await store.vexDocuments(account: "admin").map(\.id) == ["v1", "v2", "v0"])
            var newer = vex("v2", author: "b", at: 30)
            newer.statementCount = 4
            try await store.save(newer)
            #expect(try await store.vexDocument(account: "admin", id: "v2") == newer)
            #expect(try await store.vexDocuments(account: "admin").map(\.id) == ["v1", "v0", "v2"])
            #expect(try await store.deleteVEXDocument(account: "admin", id: "v2"))
            #expect(try await !store.deleteVEXDocument(account: "admin", id: "v2"))
            #expect(try await store.vexDocument(account: "other", id: "v1") == nil)
        }
    }
}
