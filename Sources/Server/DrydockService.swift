import AsyncHTTPClient
import Crypto
public import Engine
public import Foundation
public import Hummingbird
import Layers
public import Logging
import Registry
import Synchronization
import UnixSignals
public import ServiceLifecycle
public import Store

/// The Drydock version reported by `/version` and the CLI.
public let drydockVersion = "0.1.0"

/// `drydock serve` assembled: the store (migrated, admin bootstrapped), the registry client, the catalog, the
/// analyzer workers and the HTTP application. ``run()`` serves until SIGTERM/SIGINT, then shuts down gracefully:
/// the HTTP server stops, in-flight analyses go back to the queue.
public final class DrydockService: Sendable {
    public let configuration: ServiceConfiguration
    /// Where everything is kept: SQLite in the data directory unless the caller gives another store.
    public let store: any DataStore
    public let catalog: ImageCatalog
    /// The tag watcher (its `check` is public so tests need not wait for the interval).
    public let watcher: TagWatcher
    /// The repository watcher (its `sync` is public so tests need not wait for the interval).
    public let repositoryWatcher: RepositoryWatcher
    public let application: Application<RouterResponder<DrydockContext>>
    /// Feeds and matching (its `sync` is public so tests need not wait for the schedule).
    public let vulnerabilities: VulnerabilityService
    /// Policy bundles and evaluations.
    public let policies: PolicyService
    /// Every route the HTTP application serves, as `METHOD /path` (`GET /v1/images/:digest`): what the API reference
    /// and `/swagger.json` are checked against.
    public let routes: [String]
    /// The port the HTTP server listens on, once it does (nil before, and when binding failed).
    public var listeningPort: Int? { boundPort.port.withLock { $0 } }
    let boundPort = BoundPort()
    let feedClient: HTTPClient
    let registryClient: RegistryClient
    let registryCredentials: RegistryCredentialProvider
    let logger: Logger

    /// Opens the data directory and assembles the service on `store`; by default the PostgreSQL database the
    /// configuration names, else the SQLite database in the data directory (which holds the layer cache and the
    /// secret key in any case).
    public init(configuration: ServiceConfiguration, logger: Logger, now: Date = Date(), store given: (any DataStore)? = nil) async throws {
        self.configuration = configuration
        self.logger = logger
        let data = URL(fileURLWithPath: configuration.dataDirectory)
        do {
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError("cannot create the data directory \(data.path): \(error.localizedDescription)")
        }
        guard configuration.roles == Set(ServiceRole.allCases) || configuration.database != nil || given != nil else {
            throw ConfigurationError(
                "roles other than all of them need a shared database (--database postgres://…): on the embedded SQLite one process does everything")
        }
        let store: any DataStore
        if let given {
            store = given
        } else if let url = configuration.database {
            store = try await PostgresStore(url: url, maxConnections: configuration.databaseMaxConnections, logger: logger)
        } else {
            store = try SQLiteStore(path: data.appendingPathComponent("drydock.sqlite").path)
        }
        self.store = store
        try await Self.bootstrapAdmin(store: store, password: configuration.adminPassword, now: now, logger: logger)
        // The embedded database has one process: whatever was analyzing when it stopped goes back in the queue. A
        // shared database may have other processes' analyses under way: only those whose lease ran out go back.
        let requeued = try await store.requeueAbandoned(now: now, all: configuration.database == nil)
        if requeued > 0 { logger.notice("requeued interrupted analyses", metadata: ["count": "\(requeued)"]) }

        let cipher = try configuration.encryptionKey.map(SecretCipher.init(base64Key:))
            ?? SecretCipher.loadOrCreateKey(at: data.appendingPathComponent("secret.key"))
        // Every process sharing the store must seal and open registry passwords with the same key.
        if try await store.sharedSetting("encryption_key_fingerprint", default: cipher.keyFingerprint) != cipher.keyFingerprint {
            throw ConfigurationError(
                "the registry passwords in this database were sealed with another encryption key: give every process the same "
                    + "encryption_key (DRYDOCK_ENCRYPTION_KEY)\(configuration.database == nil ? ", or restore <data>/secret.key" : "")")
        }
        var registryConfiguration = RegistryConfiguration()
        for registry in configuration.insecureRegistries { registryConfiguration.endpoints[registry] = .init(insecure: true) }
        registryClient = RegistryClient(configuration: registryConfiguration, logger: logger)
        registryCredentials = RegistryCredentialProvider(base: registryClient, store: store, cipher: cipher)
        let resolver = RegistryResolver(client: registryClient, credentials: registryCredentials)
        var events = EventLog(store: store, logger: logger)
        let notifications = configuration.webhooks.map { [store] in WebhookQueue(store: store, settings: $0.notifierSettings, logger: logger) }
        events.observer = notifications
        catalog = ImageCatalog(
            store: store, resolver: resolver, maxCompressedImageSizeMB: configuration.maxCompressedImageSizeMB, events: events)
        let cache = try DirectoryLayerCache(directory: data.appendingPathComponent("layers"))
        feedClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let vulnerabilities = VulnerabilityService(
            store: store, sources: configuration.feeds, fetcher: FeedFetcher(client: feedClient), events: events, logger: logger)
        self.vulnerabilities = vulnerabilities
        do {
            try await vulnerabilities.start()
        } catch {
            try? await feedClient.shutdown()
            throw error
        }
        let policies = PolicyService(store: store, vulnerabilities: vulnerabilities, events: events, logger: logger)
        self.policies = policies
        try await policies.ensureDefaultBundles()
        vulnerabilities.observeRematches { digests in await policies.vulnerabilitiesChanged(digests) }
        // This process's id: its heartbeat row's, and the prefix of its workers' leases.
        let instanceID = UUID().uuidString.lowercased()
        var workers = AnalysisWorkers(
            store: store, resolver: resolver, analyzer: ImageAnalyzer(cache: cache), workers: configuration.workers,
            lease: .seconds(configuration.analysisLeaseSeconds), instance: instanceID, events: events, logger: logger)
        workers.afterAnalysis = { image, analysis in
            await vulnerabilities.imageAnalyzed(digest: image.digest, analysis: analysis)
            await policies.imageAnalyzed(image, analysis: analysis)
        }
        watcher = TagWatcher(
            catalog: catalog, checker: resolver, events: events,
            interval: .seconds(configuration.tagWatchIntervalSeconds), logger: logger)
        repositoryWatcher = RepositoryWatcher(
            catalog: catalog, lister: resolver, events: events,
            interval: .seconds(configuration.repoWatchIntervalSeconds), logger: logger)
        let router = Self.router(
            configuration: configuration, store: store, catalog: catalog, registryCredentials: registryCredentials,
            repositories: repositoryWatcher, vulnerabilities: vulnerabilities, policies: policies, startedAt: now)
        routes = router.routes.map { "\($0.method) \($0.path)" }
        // This process, as the others sharing the store see it; the first heartbeat before it serves.
        let heartbeat = ProcessHeartbeat(
            store: store,
            instance: ServiceInstance(
                id: instanceID, hostID: "\(EventLog.defaultHostID)-\(configuration.port)",
                roles: configuration.roles.sorted().map(\.rawValue),
                // Alone on its database, a process leads its elected roles from the start.
                leading: configuration.database == nil ? configuration.roles.filter(\.isElected).sorted().map(\.rawValue) : [],
                baseURL: "http://\(configuration.host):\(configuration.port)",
                version: drydockVersion, startedAt: now, heartbeatAt: now),
            logger: logger)
        await heartbeat.beat(at: now)
        var services: [any Service] = [heartbeat]
        let roles = configuration.roles
        if roles.contains(.analyzer) { services.append(workers) }
        func elected(_ role: ServiceRole, _ members: [any Service]) -> ElectedService {
            ElectedService(role.rawValue, election: store, services: members) { leads in await heartbeat.setLeading(role.rawValue, leads) }
        }
        if roles.contains(.watcher) { services.append(elected(.watcher, [watcher, repositoryWatcher])) }
        if roles.contains(.notifier) { services.append(elected(.notifier, [Notifier(queue: notifications, events: events, logger: logger)])) }
        if configuration.database != nil {
            // Another process may sync: analyses check the data is current, and the index follows the store.
            vulnerabilities.followsStore = true
            services.append(VulnerabilityIndexFollower(vulnerabilities: vulnerabilities))
        }
        if roles.contains(.feeds) {
            services.append(elected(.feeds, [
                FeedSyncScheduler(vulnerabilities: vulnerabilities, interval: .seconds(configuration.feedSyncIntervalSeconds), logger: logger),
            ]))
        }
        application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "drydock"),
            services: services,
            onServerRunning: { [boundPort] channel in boundPort.port.withLock { $0 = channel.localAddress?.port } },
            logger: logger)
    }

    /// Serves until a signal; then stops the server and the workers and closes the registry client.
    public func run() async throws {
        do {
            try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            try? await shutdownRegistryClients()
            throw error
        }
        try await shutdownRegistryClients()
    }

    /// Runs inside a caller's service group (tests): stops when that group shuts down.
    public func runAsService() async throws {
        do {
            try await application.run()
        } catch {
            try? await shutdownRegistryClients()
            throw error
        }
        try await shutdownRegistryClients()
    }

    /// Closes the account registry clients, then the shared one, and a PostgreSQL store's connections.
    func shutdownRegistryClients() async throws {
        defer { (store as? PostgresStore)?.shutdown() }
        await registryCredentials.shutdown()
        try? await feedClient.shutdown()
        try await registryClient.shutdown()
    }

    /// Makes the `admin` account and user on first start. The password comes from the configuration, else it is
    /// generated and printed once.
    static func bootstrapAdmin(store: any AccountStore, password: String?, now: Date, logger: Logger) async throws {
        guard try await store.account(named: Account.adminName) == nil else { return }
        let chosen = password ?? Self.generatePassword()
        let hash = await Authenticator.hash(chosen)
        do {
            try await store.insert(Account(name: Account.adminName, type: .admin, createdAt: now))
            try await store.insert(User(username: Account.adminName, account: Account.adminName, passwordHash: hash, createdAt: now))
        } catch {
            guard error.code == .conflict else { throw error }
            return  // another process sharing the database made it first
        }
        if password == nil {
            print("Created the admin user. Log in (web UI or CLI) as admin with the password (shown only this once): \(chosen)")
            fflush(nil)  // before the log lines that follow, also when standard output is a file or a pipe
        } else {
            logger.notice("created the admin user with the configured password")
        }
    }

    /// Where the running server's port is kept (a class: the server's callback holds it before `self` exists).
    final class BoundPort: Sendable {
        let port = Mutex<Int?>(nil)
    }

    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    static func router(
        configuration: ServiceConfiguration, store: any DataStore, catalog: ImageCatalog,
        registryCredentials: RegistryCredentialProvider, repositories: RepositoryWatcher, vulnerabilities: VulnerabilityService,
        policies: PolicyService, startedAt: Date
    ) -> Router<DrydockContext> {
        let metrics = ServiceMetrics()
        let router = Router(context: DrydockContext.self)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorEnvelopeMiddleware())
        let hostPort = "\(configuration.host):\(configuration.port)"
        let authenticator = Authenticator(store: store)
        let sessions = SessionStore(store: store, idleTimeout: .seconds(configuration.uiSessionTTLSeconds))
        let api = AnchoreAPI(
            catalog: catalog, store: store, maxRequestBytes: configuration.maxRequestBytes,
            baseURL: "http://\(hostPort)", startedAt: startedAt, registryCredentials: registryCredentials,
            repositories: repositories, vulnerabilities: vulnerabilities, authenticator: authenticator, sessions: sessions,
            policies: policies)
        let swagger: @Sendable (Request, DrydockContext) async throws -> Response = { _, _ in
            try jsonResponse(object: OpenAPIDocument.document(host: hostPort))
        }
        let version: @Sendable (Request, DrydockContext) async throws -> Response = { _, _ in
            try jsonResponse(object: [
                "service": ["version": drydockVersion], "api": ["version": OpenAPIDocument.apiVersion],
                "db": ["schema_version": AnchoreAPI.dbVersion],
            ])
        }
        let ping: @Sendable (Request, DrydockContext) async throws -> Response = { _, _ in try jsonResponse(object: "v1") }
        let health: @Sendable (Request, DrydockContext) async throws -> Response = { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
        for prefix in ["", "/v1"] {
            router.get("\(prefix)/health", use: health)
            router.get("\(prefix)/version", use: version)
        }
        router.get("/metrics") { _, _ -> Response in
            let text = await metrics.render(store: store)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        guard configuration.roles.contains(.api) else { return router }  // a process without the api role: only the above
        WebUIRoutes(
            authenticator: authenticator, sessions: sessions, files: StaticFiles(directory: configuration.uiDirectory),
            maxCompressedImageSizeMB: configuration.maxCompressedImageSizeMB,
            secureCookies: WebUIRoutes.SecureCookies(rawValue: configuration.uiSecureCookie) ?? .auto,
            maxRequestBytes: configuration.maxRequestBytes
        ).register(on: router, ping: ping)
        router.get("/v1", use: ping)
        for prefix in ["", "/v1"] { router.get("\(prefix)/swagger.json", use: swagger) }
        for prefix in ["v1", ""] {
            let group = router.group(RouterPath(prefix)).add(middleware: AuthMiddleware(authenticator: authenticator, sessions: sessions))
            api.register(on: group)
        }
        return router
    }
}
