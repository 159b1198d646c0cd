import Crypto
import OCI
public import Foundation

/// One run of one rule's trigger against one image: its parameters, the image's facts, and what fired.
public struct TriggerRun: Sendable {
    public let gate: String
    public let trigger: String
    public let ruleID: String?
    public let params: ParameterValues
    public let input: PolicyInput
    /// The evaluation time (never read from the clock: evaluations are repeatable).
    public let now: Date
    /// What the gate prepared once for all its rules (parsed Dockerfile, passwd entries, …).
    let prepared: PreparedImage
    public private(set) var fired: [Finding] = []

    init(gate: String, trigger: String, ruleID: String?, params: ParameterValues, input: PolicyInput, now: Date, prepared: PreparedImage) {
        self.gate = gate
        self.trigger = trigger
        self.ruleID = ruleID
        self.params = params
        self.input = input
        self.now = now
        self.prepared = prepared
    }

    /// Records a finding. Without an `id`, the id is Anchore's: md5 of gate, trigger and message.
    mutating func fire(_ message: String, id: String? = nil) {
        fired.append(Finding(triggerID: id ?? Self.defaultID(gate: gate, trigger: trigger, message: message), message: message))
    }

    static func defaultID(gate: String, trigger: String, message: String) -> String {
        OCI.Digest.hex(Insecure.MD5.hash(data: Data((gate + trigger + message).utf8)))
    }
}

/// One fired trigger: the id allowlists match, and the check output.
public struct Finding: Sendable, Hashable {
    public var triggerID: String
    public var message: String
}
