import Foundation

/// `image add|list|get|content|metadata|del` as anchore-cli 0.9.3 runs them (`anchorecli/cli/image.py`).
extension ClientSession {
    /// `image add TAG`: `POST /images?autosubscribe=…[&force=true]`, then the image block.
    /// `dockerfile` is the file's text (sent base64); `annotations` are `key=value` strings.
    public func addImage(
        _ input: String, force: Bool = false, dockerfile: String? = nil, annotations: [String] = [],
        autosubscribe: Bool = true
    ) async throws(ClientError) {
        let encodedDockerfile = dockerfile.map { Data($0.utf8).base64EncodedString() }
        guard InputImage.format(of: input) == .tag else { throw ClientError(.invalidInput, "can only add a tag") }
        let parsed = try Self.parseAnnotations(annotations)
        let request = endpoints.addImage(
            tag: input, dockerfile: encodedDockerfile, annotations: parsed, force: force, autosubscribe: autosubscribe)
        emit(try await payload(of: request), ImageFormatter.records)
    }

    /// `--annotation key=value` values, split at the first `=`; both sides must be non-empty.
    static func parseAnnotations(_ annotations: [String]) throws(ClientError) -> JSONObject {
        var object = JSONObject()
        for annotation in annotations {
            guard let equals = annotation.firstIndex(of: "="), equals != annotation.startIndex,
                annotation.index(after: equals) != annotation.endIndex
            else {
                throw ClientError(
                    .invalidInput,
                    "annotation format error - annotations must be of the form (--annotation key=value), found: \(annotation)")
            }
            object[String(annotation[..<equals])] = .string(String(annotation[annotation.index(after: equals)...]))
        }
        return object
    }

    /// `image list`: `GET /images`, then the table.
    public func listImages(full: Bool = false, showAll: Bool = false) async throws(ClientError) {
        emit(try await payload(of: endpoints.listImages())) { payload throws(ClientError) in
            try ImageFormatter.list(payload, full: full, showAll: showAll)
        }
    }

    /// The request `image get`/`image wait` send for an input: by tag (`?fulltag=`), by image id
    /// (`/by_id/`) or by digest.
    public func imageRequest(for input: String, history: Bool) -> APIRequest {
        switch InputImage.format(of: input) {
        case .tag: endpoints.image(tag: input, history: history)
        case .imageID: endpoints.image(imageID: input)
        case .imageDigest: endpoints.image(digest: input)
        }
    }

    /// `image get IMG [--show-history]`.
    public func getImage(_ input: String, showHistory: Bool = false) async throws(ClientError) {
        emit(try await payload(of: imageRequest(for: input, history: showHistory)), ImageFormatter.records)
    }

    /// `image content IMG [TYPE]`: `GET /images/<digest>/content[/<type>]`; nothing to show is an error.
    public func imageContent(_ input: String, type: String?) async throws(ClientError) {
        let digest = try await requireDigest(input, message: "cannot use input image string (no discovered imageDigest)")
        let output = rendered(try await payload(of: endpoints.query(digest: digest, group: "content", type: type))) {
            payload throws(ClientError) in try ContentFormatter.content(payload, type: type)
        }
        guard !output.isEmpty else {
            throw ClientError(.emptyResult, "There is no image content (\(type ?? "None")) to provide for \(input)")
        }
        console.line(output)
    }

    /// `image metadata IMG [TYPE]`: `GET /images/<digest>/metadata[/<type>]`.
    public func imageMetadata(_ input: String, type: String?) async throws(ClientError) {
        let digest = try await requireDigest(input, message: "cannot use input image string (no discovered imageDigest)")
        emit(try await payload(of: endpoints.query(digest: digest, group: "metadata", type: type))) { payload throws(ClientError) in
            try ContentFormatter.metadata(payload, type: type)
        }
    }

    /// `image del IMG [--force]`: `DELETE /images/<digest>[?force=True]`; an answer whose
    /// `status` is not `deleting` is a refusal (exit 1) showing its `detail`.
    public func deleteImage(_ input: String, force: Bool = false) async throws(ClientError) {
        let digest = try await requireDigest(input, message: "cannot use input image string: no discovered imageDigest")
        let payload = try await payload(of: endpoints.deleteImage(digest: digest, force: force))
        if case .object(let object) = payload, object["status"] != .string("deleting") {
            throw ClientError(.deleteRefused, (object["detail"] ?? "cannot delete image").pythonString, payload: payload)
        }
        emit(payload) { _ in "Success" }
    }

    /// `image del --all [--force]`: `GET /images`, then `DELETE` each image with a digest, printing each deleted
    /// image's tags (`registry/repo:tag`) as it goes. The first refusal or failure stops it (exit 2: anchore-cli keeps
    /// the list's status, which succeeded).
    public func deleteAllImages(force: Bool) async throws(ClientError) {
        for image in try await payload(of: endpoints.listImages()).arrayValue ?? [] {
            guard let digest = image["imageDigest"], digest.isTruthy else { continue }
            let response = try await send(endpoints.deleteImage(digest: digest.pythonString, force: force))
            guard response.isSuccess else {
                var error = ClientError.httpError(response)
                error.exitStatusOverride = 2
                throw error
            }
            if case .object(let object) = response.payload, object["status"] != .string("deleting") {
                throw ClientError(.invalidResponse, (object["detail"] ?? .null).pythonString, payload: response.payload)
            }
            for detail in image["image_detail"]?.arrayValue ?? [] {
                let part: (String) -> String = { key in detail[key].map(\.pythonString) ?? "None" }
                console.line(part("registry") + "/" + part("repo") + ":" + part("tag"))
            }
        }
    }

    /// The digest `discover_inputimage` finds, or the given error (exit 1).
    func requireDigest(_ input: String, message: String) async throws(ClientError) -> String {
        guard let digest = await discoverImage(input).digest else { throw ClientError(.noImageDigest, message) }
        return digest
    }
}
