import Foundation

/// `drydock vex …` (Drydock): the account's OpenVEX documents and an image's matches exported as VEX.
extension ClientSession {
    /// `vex add FILE`: `POST /vex` with the document as it is in the file.
    public func addVEX(file: String) async throws(ClientError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ClientError(.invalidInput, "cannot read the VEX document \(file): \(error.localizedDescription)")
        }
        emit(try await payload(of: endpoints.addVEX(Array(data)))) { value throws(ClientError) in
            "Imported VEX document \(try value.item("id").pythonString) (\(try value.item("statements").pythonString) statements by \(try value.item("author").pythonString))"
        }
    }

    /// `vex list`: `GET /vex`.
    public func listVEX() async throws(ClientError) {
        emit(try await payload(of: endpoints.vexDocuments())) { payload throws(ClientError) in
            var table = PlainColumnsTable(["VEX ID", "Author", "Statements", "Imported", "Document ID"])
            for record in try payload.iterated() {
                table.add([try record.item("id"), try record.item("author"), try record.item("statements"), try record.item("created_at"), try record.item("document_id")])
            }
            return try table.render(sortBy: "Imported", reverse: false)
        }
    }

    /// `vex get ID`: the document as imported.
    public func getVEX(id: String) async throws(ClientError) {
        let record = try await payload(of: endpoints.vexDocument(id: id))
        emit(record) { value throws(ClientError) in try value.item("document").pythonJSON(indent: 4, sortKeys: true) }
    }

    /// `vex del ID`.
    public func deleteVEX(id: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.deleteVEX(id: id))) { _ in "Success" }
    }

    /// `vex export IMAGE [--format openvex|cyclonedx] [--output FILE]`: the image's matches as a VEX document,
    /// printed or written to a file.
    public func exportVEX(_ input: String, format: String, output: String?) async throws(ClientError) {
        let digest = try await requireDigest(input, message: "cannot use input image string (no discovered imageDigest)")
        let response = try await send(endpoints.exportVEX(digest: digest, format: format))
        guard response.isSuccess else { throw ClientError.httpError(response) }
        guard let output else {
            console.line(response.payload.pythonJSON(indent: 4, sortKeys: true))
            return
        }
        do {
            try Data(response.body).write(to: URL(fileURLWithPath: output))
        } catch {
            throw ClientError(.invalidInput, "cannot write \(output): \(error.localizedDescription)")
        }
        console.line("Wrote the \(format) VEX of \(digest) to \(output)")
    }
}

extension AnchoreEndpoints {
    public func addVEX(_ document: [UInt8]) -> APIRequest { APIRequest(.post, root + "/vex", data: document) }
    public func vexDocuments() -> APIRequest { APIRequest(.get, root + "/vex") }
    public func vexDocument(id: String) -> APIRequest { APIRequest(.get, root + "/vex/" + PercentEncoding.quote(id)) }
    public func deleteVEX(id: String) -> APIRequest { APIRequest(.delete, root + "/vex/" + PercentEncoding.quote(id)) }
    public func exportVEX(digest: String, format: String) -> APIRequest {
        APIRequest(.get, root + "/images/" + digest + "/vex?format=" + PercentEncoding.quote(format))
    }
}
