public import ArgumentParser
import AsyncHTTPClient
import Engine
import Foundation
import Logging
import Registry
import Server
import Store

extension Drydock {
    /// `drydock db update|import|status`: the local vulnerability database `drydock scan` reads, without a service
    /// (as `grype db` keeps grype's). The database is `~/.drydock/drydock.sqlite` unless `--vuln-db DIR` says
    /// otherwise — the same file a `drydock serve` with the default data directory keeps.
    public struct Database: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "db", abstract: "The local vulnerability database drydock scan reads, and the schema of a PostgreSQL database.",
            subcommands: [Update.self, Import.self, Status.self, Migrate.self, Check.self])

        public init() {}

        struct Location: ParsableArguments {
            @Option(help: "The database directory (default ~/.drydock, where drydock serve keeps its data).")
            var vulnDb: String?

            var directory: URL { vulnDb.map { URL(fileURLWithPath: $0) } ?? DockerConfig.homeDirectory.appendingPathComponent(".drydock") }

            func open() throws -> SQLiteStore {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                return try SQLiteStore(path: directory.appendingPathComponent("drydock.sqlite").path)
            }
        }

        static func service(_ store: SQLiteStore, sources: [FeedSourceConfiguration], fetcher: FeedFetcher?) -> VulnerabilityService {
            var logger = Logger(label: "drydock.db")
            logger.logLevel = .error
            return VulnerabilityService(store: store, sources: sources, fetcher: fetcher, events: EventLog(store: store, logger: logger), logger: logger)
        }

        /// The feeds `drydock serve` would use: the defaults, or `DRYDOCK_FEEDS` / a configuration file's `feeds`.
        static func feeds(config: String?) throws -> [FeedSourceConfiguration] {
            var configuration = ServiceConfiguration()
            if let config { try configuration.apply(yaml: try String(contentsOfFile: config, encoding: .utf8), source: config) }
            try configuration.apply(environment: ProcessInfo.processInfo.environment)
            return configuration.feeds
        }

        /// `db update`: syncs the feeds (the defaults, or `DRYDOCK_FEEDS` / the configuration's `feeds`) into the database.
        struct Update: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "update", abstract: "Sync the vulnerability feeds into the local database.",
                discussion: "The feeds are the service's defaults, or those DRYDOCK_FEEDS (or --config's feeds key) lists.")

            @OptionGroup var location: Location
            @Option(help: "A drydock.yaml whose feeds key lists the feeds.") var config: String?

            func run() async throws {
                let feeds = try Database.feeds(config: config)
                guard !feeds.isEmpty else { throw ValidationError("no feeds are configured (DRYDOCK_FEEDS=none)") }
                let store = try location.open()
                let client = HTTPClient(eventLoopGroupProvider: .singleton)
                let results: [FeedSyncResult]
                do {
                    results = try await Database.service(store, sources: feeds, fetcher: FeedFetcher(client: client)).sync()
                } catch {
                    try? await client.shutdown()
                    throw ValidationError("\(error)")
                }
                try? await client.shutdown()
                var failed = 0
                for result in results {
                    let records = result.groups.reduce(0) { $0 + $1.updatedRecordCount }
                    if let error = result.error {
                        failed += 1
                        print("\(result.feed): failed: \(error)")
                    } else {
                        print("\(result.feed): \(result.groups.count) groups, \(records) records updated")
                    }
                }
                if failed > 0 { throw ExitCode(1) }
            }
        }

        /// `db import FILE`: loads a bundle written by `drydock system feeds export`.
        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import", abstract: "Load an offline feed bundle (drydock system feeds export) into the local database.")

            @Argument(help: "The bundle file.") var file: String
            @OptionGroup var location: Location
            @Option(help: "A drydock.yaml whose feeds key lists the feeds.") var config: String?

            func run() async throws {
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: file))
                } catch {
                    throw ValidationError("cannot read \(file): \(error.localizedDescription)")
                }
                let store = try location.open()
                do {
                    // The configured feeds, as `drydock serve` on this directory would load them: images a service
                    // stored here are re-matched against the same index it will use.
                    let result = try await Database.service(store, sources: try Database.feeds(config: config), fetcher: nil).importBundle(data)
                    print("Imported \(result.groups) groups (\(result.records) records) of feeds: \(result.feeds.joined(separator: ", "))")
                } catch {
                    throw ValidationError("\(error)")
                }
            }
        }

        /// `db status`: each feed's groups, record counts and how old their data is.
        struct Status: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "status", abstract: "Say what the local database holds and how old it is.")

            @OptionGroup var location: Location

            func run() async throws {
                let path = location.directory.appendingPathComponent("drydock.sqlite").path
                guard FileManager.default.fileExists(atPath: path) else {
                    print("No vulnerability database at \(path): run drydock db update, or drydock db import FILE")
                    throw ExitCode(1)
                }
                let store = try SQLiteStore(path: path)
                let groups = try await store.feedGroups().sorted { ($0.feed, $0.name) < ($1.feed, $1.name) }
                print("Database: \(path)")
                guard !groups.isEmpty else {
                    print("No feed data: run drydock db update, or drydock db import FILE")
                    throw ExitCode(1)
                }
                let now = Date()
                let rows = groups.map { group -> [String] in
                    let age = group.lastSync.map { Self.age(now.timeIntervalSince($0)) } ?? "never"
                    return [group.feed, group.name, String(group.recordCount), group.lastSync.map { ISO8601DateFormatter().string(from: $0) } ?? "-", age]
                }
                for line in Scan.columns(["FEED", "GROUP", "RECORDS", "LAST SYNC", "AGE"], rows) { print(line) }
                let oldest = groups.compactMap(\.lastSync).min()
                print("Total: \(groups.reduce(0) { $0 + $1.recordCount }) records in \(groups.count) groups; oldest sync \(oldest.map { Self.age(now.timeIntervalSince($0)) + " ago" } ?? "never")")
            }

            static func age(_ seconds: TimeInterval) -> String {
                let s = max(0, Int(seconds))
                if s < 3600 { return "\(s / 60) min" }
                if s < 86400 { return "\(s / 3600) h" }
                return "\(s / 86400) d"
            }
        }
    }
}
