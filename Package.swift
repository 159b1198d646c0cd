// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Drydock",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "drydock", targets: ["drydock"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.25.0"),
    ],
    targets: [
        // dlopen shim over the system zlib (libz.so.1) and zstd (libzstd.so.1): no -dev package needed.
        .target(name: "CCompression", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "OCI", swiftSettings: swiftSettings),
        .target(name: "Archive", dependencies: ["CCompression"], swiftSettings: swiftSettings),
        .target(
            name: "Registry",
            dependencies: [
                "OCI", "Archive",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Layers",
            dependencies: ["OCI", "Archive", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Catalog",
            dependencies: [
                "OCI", "Layers", "Archive",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Version schemes: one comparable type per ecosystem (dpkg, apk, rpm, PEP 440, semver, Maven, gem, Go). Pure.
        .target(name: "Versions", swiftSettings: swiftSettings),
        // Vulnerability records and the feed drivers that read upstream formats into them.
        .target(
            name: "Vulnerabilities",
            dependencies: ["Versions", "Catalog", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Policy bundles, gates and triggers, evaluation. Pure: the image's facts, the feed state and the time come in.
        .target(
            name: "Policy",
            dependencies: ["OCI", "Layers", "Catalog", "Versions", "Vulnerabilities", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The service's records behind narrow protocols, with three conformers held to one conformance suite:
        // SQLite (the embedded default), PostgreSQL (scale-out) and memory (tests).
        .target(
            name: "Store",
            dependencies: [
                "OCI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Engine",
            dependencies: [
                "OCI", "Archive", "Registry", "Layers", "Catalog", "Store", "Vulnerabilities", "Policy",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Server",
            dependencies: [
                "OCI", "Registry", "Layers", "Catalog", "Store", "Engine", "Vulnerabilities", "Policy",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The web UI: plain HTML, CSS and JavaScript modules, served as they are.
            resources: [.copy("UI")],
            swiftSettings: swiftSettings
        ),
        // The REST client behind `drydock image|subscription|system`: anchore-cli's commands and output.
        .target(
            name: "Client",
            dependencies: [
                "OCI",
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Commands",
            dependencies: [
                "OCI", "Registry", "Layers", "Catalog", "Engine", "Server", "Store", "Client", "Vulnerabilities", "Policy",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Release builds link as a fixed-address executable: a position-independent one spends a few milliseconds of every
        // start (`drydock scan` on a cached image is mostly start-up) applying ~150,000 relocations to the runtime metadata.
        // Debug builds stay position-independent: against the shared Swift runtime a fixed-address link makes the loader
        // print "direct reference to protected function" warnings before anything else.
        .executableTarget(
            name: "drydock", dependencies: ["Commands", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings,
            linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))]),
        // The benchmark driver behind `make bench` (not shipped): builds bench images, runs the peers, prints tables.
        .executableTarget(
            name: "drydock-bench",
            dependencies: [
                "OCI", "Archive", "Registry", "TestSupport", "Store", "Engine", "Catalog", "Vulnerabilities", "Policy", "Layers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "OCI", "Archive", "Registry",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "OCITests", dependencies: ["OCI"], swiftSettings: swiftSettings),
        .testTarget(name: "LayersTests", dependencies: ["Layers", "Archive", "OCI", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Layers", "OCI", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "Catalog", "Layers", "Registry", "OCI", "TestSupport", "Vulnerabilities"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RegistryTests",
            dependencies: [
                "OCI", "Archive", "Registry", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "VersionsTests", dependencies: ["Versions"], swiftSettings: swiftSettings),
        .testTarget(
            name: "VulnerabilitiesTests", dependencies: ["Vulnerabilities", "Versions", "Catalog", "Layers", "Archive", "TestSupport"],
            // Real upstream records, read by path (#filePath) as the shared vulndata is.
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PolicyTests", dependencies: ["Policy", "Catalog", "Layers", "Vulnerabilities", "OCI"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "OCI", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Engine", "Store", "Catalog", "Registry", "OCI", "TestSupport", "Archive", "Vulnerabilities",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ClientTests", dependencies: ["Client", "OCI", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CommandsTests",
            dependencies: ["Commands", "TestSupport", "OCI", "Registry"],
            swiftSettings: swiftSettings
        ),
    ]
)
