import Testing
import Versions

@Test func versionErrorsSayWhatWasWrong() {
    let error = VersionError(.invalid, "\"1..2\" is not a dpkg version")
    #expect(error.description == "\"1..2\" is not a dpkg version")
    #expect(error.code == .invalid)
}
