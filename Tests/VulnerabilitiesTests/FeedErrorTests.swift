import Testing
import Vulnerabilities

@Test func feedErrorsSayWhatWasWrong() {
    let error = FeedError(.malformed, "secdb main.yaml: packages must be a list")
    #expect(error.description == "secdb main.yaml: packages must be a list")
}
