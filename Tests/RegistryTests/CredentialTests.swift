import Foundation
import Registry
import Testing

@Test func readsDockerConfigAuths() throws {
    let json = """
        {"auths":{
          "https://index.docker.io/v1/":{"auth":"\(Data("hub:hubpass".utf8).base64EncodedString())"},
          "localhost:5000":{"username":"local","password":"pw:with:colons"},
          "http://REGISTRY.example.com/v2/":{"auth":"\(Data("u:p:q".utf8).base64EncodedString())"}
        }}
        """
    let config = try DockerConfig(data: Data(json.utf8))
    #expect(config.credentials(forRegistry: "docker.io") == Credentials(username: "hub", password: "hubpass"))
    #expect(config.credentials(forRegistry: "localhost:5000") == Credentials(username: "local", password: "pw:with:colons"))
    #expect(config.credentials(forRegistry: "registry.example.com") == Credentials(username: "u", password: "p:q"))
    #expect(config.credentials(forRegistry: "ghcr.io") == nil)
}

@Test func rejectsBrokenDockerConfig() {
    #expect(throws: RegistryError.self) { try DockerConfig(data: Data("[]".utf8)) }
    #expect(throws: RegistryError.self) { try DockerConfig(data: Data(#"{"auths":{"x":{"auth":"!!!"}}}"#.utf8)) }
}

@Test func missingDockerConfigMeansNoCredentials() throws {
    let config = try DockerConfig(contentsOf: URL(fileURLWithPath: "/nonexistent/config.json"))
    #expect(config.entries.isEmpty)
}

@Test(arguments: [
    (#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push""#,
     AuthChallenge.bearer(realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:a/b:pull,push")),
    (#"Basic realm="Registry Realm""#, .basic(realm: "Registry Realm")),
    ("basic", .basic(realm: nil)),
    (#"Bearer realm=http://x/t, service="s""#, .bearer(realm: "http://x/t", service: "s", scope: nil)),
])
func parsesChallenges(header: String, expected: AuthChallenge) {
    #expect(AuthChallenge(header: header) == expected)
}

@Test(arguments: ["", "Negotiate abc", "Bearer service=\"x\""])
func ignoresUnusableChallenges(header: String) {
    #expect(AuthChallenge(header: header) == nil)
}
