/// `image vuln` as anchore-cli 0.9.3 runs it (`anchorecli/cli/image.py: query_vuln`).
extension ClientSession {
    /// `image vuln IMG [TYPE] [--vendor-only BOOL]`: `GET /images/<digest>/vuln[/<type>]?vendor_only=…`,
    /// then the type list or the vulnerability table. An image still analyzing exits 100, one not
    /// analyzed 101 (from the server's error message), other failures as usual.
    /// `exploits` (Drydock) adds the KEV and EPSS columns.
    public func imageVulnerabilities(_ input: String, type: String?, vendorOnly: Bool = true, exploits: Bool = false) async throws(ClientError) {
        let digest = try await requireDigest(input, message: "cannot use input image string (no discovered imageDigest)")
        let response = try await send(endpoints.vulnerabilities(digest: digest, type: type, vendorOnly: vendorOnly))
        guard response.isSuccess else {
            var error = ClientError.httpError(response)
            // `"analysis_status: analyzing" in ret["error"]["message"]`, failing as Python would.
            let message: JSONValue
            do {
                message = try response.errorPayload.item("message")
            } catch {
                var failure = error
                failure.exitStatusOverride = ExitStatus.forHTTPStatus(response.status)
                throw failure
            }
            if message.pythonContains("analysis_status: analyzing") {
                error.exitStatusOverride = 100
            } else if message.pythonContains("analysis_status: not_analyzed") {
                error.exitStatusOverride = 101
            }
            throw error
        }
        emit(response.payload) { payload throws(ClientError) in
            try VulnerabilityFormatter.vulnerabilities(payload, type: type, exploits: exploits)
        }
    }
}
