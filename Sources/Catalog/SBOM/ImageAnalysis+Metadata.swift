public import Foundation
public import OCI

extension ImageAnalysis {
    /// The image configuration's platform, run settings and history, as the native document keeps them.
    public struct Metadata: Codable, Hashable, Sendable {
        /// The CPU architecture, e.g. `amd64`.
        public var architecture: String
        /// The operating system, e.g. `linux`.
        public var os: String
        /// The CPU variant, e.g. `v8`.
        public var variant: String?
        /// When the image was created (RFC 3339, as the config says).
        public var created: String?
        /// Who made the image.
        public var author: String?
        /// `KEY=value` environment entries.
        public var env: [String]
        /// The entrypoint, if set.
        public var entrypoint: [String]?
        /// The default command, if set.
        public var cmd: [String]?
        /// The working directory, if set.
        public var workingDir: String?
        /// Exposed ports such as `80/tcp`, sorted.
        public var exposedPorts: [String]
        /// Volumes, sorted.
        public var volumes: [String]
        /// The user the container runs as, if set.
        public var user: String?
        /// Image labels.
        public var labels: [String: String]
        /// One entry per build step, base first.
        public var history: [ImageConfig.History]

        /// Makes metadata from explicit values.
        public init(
            architecture: String, os: String, variant: String? = nil, created: String? = nil, author: String? = nil,
            env: [String] = [], entrypoint: [String]? = nil, cmd: [String]? = nil, workingDir: String? = nil,
            exposedPorts: [String] = [], volumes: [String] = [], user: String? = nil, labels: [String: String] = [:],
            history: [ImageConfig.History] = []
        ) {
            self.architecture = architecture
            self.os = os
            self.variant = variant
            self.created = created
            self.author = author
            self.env = env
            self.entrypoint = entrypoint
            self.cmd = cmd
            self.workingDir = workingDir
            self.exposedPorts = exposedPorts
            self.volumes = volumes
            self.user = user
            self.labels = labels
            self.history = history
        }

        /// Copies the fields of an image config. Empty strings in the config (Docker writes `"User": ""`) become nil.
        public init(config: ImageConfig) {
            let run = config.config
            func nonEmpty(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
            self.init(
                architecture: config.architecture, os: config.os, variant: config.variant, created: config.created,
                author: nonEmpty(config.author), env: run?.env ?? [], entrypoint: run?.entrypoint, cmd: run?.cmd,
                workingDir: nonEmpty(run?.workingDir),
                exposedPorts: (run?.exposedPorts?.keys).map { $0.sorted() } ?? [],
                volumes: (run?.volumes?.keys).map { $0.sorted() } ?? [], user: nonEmpty(run?.user),
                labels: run?.labels ?? [:], history: config.history ?? []
            )
        }
    }

    /// The Dockerfile of an image: supplied by the user, or reconstructed from the config history.
    public struct Dockerfile: Codable, Hashable, Sendable {
        /// Where the contents came from. The raw values are Anchore's `dockerfile_mode` strings.
        public enum Mode: String, Codable, Hashable, Sendable {
            /// Reconstructed from the image history.
            case guessed = "Guessed"
            /// Supplied by the user when the image was added.
            case actual = "Actual"
        }

        /// Where the contents came from.
        public var mode: Mode
        /// The Dockerfile text.
        public var contents: String

        /// Makes a Dockerfile record.
        public init(mode: Mode, contents: String) {
            self.mode = mode
            self.contents = contents
        }
    }
}

/// A secret (key, token, password) found in a file of an image. The match is redacted before it is stored.
public struct SecretFinding: Codable, Hashable, Sendable {
    /// The rule that matched, e.g. `aws-access-key`.
    public var ruleID: String
    /// The path of the file, cleaned and absolute.
    public var path: String
    /// The 1-based line of the match.
    public var line: Int
    /// The index (0 = base) of the layer the file came from.
    public var layer: Int
    /// The matched text with the secret part masked, e.g. `AKIA************MPLE`.
    public var redactedMatch: String

    /// Makes a finding.
    public init(ruleID: String, path: String, line: Int, layer: Int, redactedMatch: String) {
        self.ruleID = ruleID
        self.path = path
        self.line = line
        self.layer = layer
        self.redactedMatch = redactedMatch
    }
}

/// A file whose contents the analyzer kept (Anchore's `retrieve_files`): small configuration files such as
/// `/etc/passwd` that policies read.
public struct RetrievedFile: Codable, Hashable, Sendable {
    /// The path of the file, cleaned and absolute.
    public var path: String
    /// The index (0 = base) of the layer the file came from.
    public var layer: Int
    /// The contents (base64 in JSON).
    public var content: Data

    public init(path: String, layer: Int, content: Data) {
        self.path = path
        self.layer = layer
        self.content = content
    }
}
