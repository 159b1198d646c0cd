import OCI
import Testing

@Test(arguments: [
    ("linux/amd64", "linux/amd64", true),
    ("linux/amd64", "linux/x86_64", true),
    ("linux/arm64", "linux/arm64/v8", true),
    ("linux/arm64/v8", "linux/aarch64", true),
    ("linux/arm", "linux/arm/v7", true),
    ("linux/arm/v6", "linux/arm/v7", false),
    ("linux/arm/v7", "linux/arm", true),
    ("linux/amd64", "windows/amd64", false),
    ("linux/amd64", "linux/arm64", false),
    ("linux/amd64", "linux/amd64/v3", true),
    ("linux/amd64/v3", "linux/amd64", false),
])
func platformMatching(want: String, have: String, matches: Bool) throws {
    #expect(try Platform(parsing: want).matches(Platform(parsing: have)) == matches)
}

@Test(arguments: ["", "linux", "linux/", "/amd64", "a/b/c/d"])
func rejectsPlatform(_ string: String) {
    #expect(throws: OCIError.self) { try Platform(parsing: string) }
}

@Test func platformDescription() throws {
    #expect(try Platform(parsing: "Linux/ARM64/v8").description == "linux/arm64/v8")
}
