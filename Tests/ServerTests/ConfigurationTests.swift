import Foundation
import Server
import Testing

@Suite struct ConfigurationTests {
    @Test func laterSourcesOverrideEarlierOnes() throws {
        var configuration = ServiceConfiguration(dataDirectory: "/default")
        try configuration.apply(
            yaml: """
                host: 0.0.0.0
                port: 9000
                workers: 4
                max_compressed_image_size_mb: 500
                insecure_registries: [registry.lan:5000, other.lan]
                log_level: debug
                """,
            source: "drydock.yaml")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.workers == 4)
        #expect(configuration.maxCompressedImageSizeMB == 500)
        #expect(configuration.insecureRegistries == ["registry.lan:5000", "other.lan"])
        try configuration.apply(environment: ["DRYDOCK_PORT": "9100", "DRYDOCK_ADMIN_PASSWORD": "s3cret", "DRYDOCK_DATA": "/srv/drydock", "HOME": "/x"])
        #expect(configuration.port == 9100)
        #expect(configuration.adminPassword == "s3cret")
        #expect(configuration.dataDirectory == "/srv/drydock")
        #expect(configuration.host == "0.0.0.0")
    }

    @Test func theDatabaseIsSQLiteUnlessAPostgresURLIsGiven() throws {
        var configuration = ServiceConfiguration(dataDirectory: "/srv/drydock")
        #expect(configuration.database == nil)
        #expect(configuration.databaseDescription == "/srv/drydock/drydock.sqlite")
        try configuration.apply(yaml: "database: postgres://drydock:pw@db.lan:5433/drydock?sslmode=require\ndatabase_max_connections: 40", source: "f.yaml")
        #expect(configuration.database == "postgres://drydock:pw@db.lan:5433/drydock?sslmode=require")
        #expect(configuration.databaseMaxConnections == 40)
        // The start-up line names the server, never the password.
        #expect(configuration.databaseDescription == "postgres://drydock@db.lan:5433/drydock")
        try configuration.apply(environment: ["DRYDOCK_DATABASE": "postgresql://other@10.0.0.5/x"])
        #expect(configuration.database == "postgresql://other@10.0.0.5/x")
        #expect(configuration.roles == Set(ServiceRole.allCases))
        try configuration.apply(environment: ["DRYDOCK_ROLES": "analyzer, feeds"])
        #expect(configuration.roles == [.analyzer, .feeds])
    }

    @Test(arguments: [
        ("port: eighty", "port must be an integer"),
        ("port: 70000", "out of range"),
        ("workers: -1", "workers must not be negative"),
        ("colour: blue", "unknown setting \"colour\""),
        ("log_level: loud", "unknown log_level"),
        ("- a\n- b", "top level must be a mapping"),
        ("port: [", "not valid YAML"),
        ("database: mysql://u@h/db", "database must be a postgres:// URL"),
        ("database_max_connections: 0", "database_max_connections must be at least 1"),
        ("roles: [api, janitor]", "unknown role \"janitor\""),
        ("roles: []", "roles must name at least one role"),
        ("analysis_lease_seconds: 1", "analysis_lease_seconds must be at least 5"),
    ])
    func badSettingsAreRefusedWithTheirName(yaml: String, message: String) {
        var configuration = ServiceConfiguration(dataDirectory: "/d")
        #expect {
            try configuration.apply(yaml: yaml, source: "f.yaml")
        } throws: { error in
            "\(error)".contains(message) && "\(error)".hasPrefix("f.yaml")
        }
    }
}
