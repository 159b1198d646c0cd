/// The requests anchore-cli 0.9.3 sends (`anchorecli/clients/apiexternal.py`), byte for byte:
/// which URL, which query encoding, which body. Booleans are Python-cased where anchore-cli
/// formats them with `str()` (`autosubscribe=True`, `force=True`) and lower-case where it writes
/// them literally (`force=true` on add, `history=false`).
public struct AnchoreEndpoints: Sendable, Hashable {
    /// The service URL exactly as configured (`http://localhost:8228/v1`).
    public var baseURL: String

    public init(baseURL: String) { self.baseURL = baseURL }

    /// The base with one trailing `/` removed, as `re.sub("/$", "", base_url)` does.
    var root: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }

    private func url(_ components: String...) -> String { ([root] + components).joined(separator: "/") }

    /// `check_access`: `GET <url>` verbatim.
    public func base() -> APIRequest { APIRequest(.get, baseURL) }

    /// `image add`: `POST /images?autosubscribe=True|False[&force=true]` with `{"dockerfile"?, "tag", "annotations"?}`.
    public func addImage(
        tag: String, dockerfile: String? = nil, annotations: JSONObject = JSONObject(), force: Bool = false,
        autosubscribe: Bool = true
    ) -> APIRequest {
        var body = JSONObject()
        if let dockerfile, !dockerfile.isEmpty { body["dockerfile"] = .string(dockerfile) }
        body["tag"] = .string(tag)
        if !annotations.isEmpty { body["annotations"] = .object(annotations) }
        var target = url("images") + "?autosubscribe=" + Self.python(autosubscribe)
        if force { target += "&force=true" }
        return APIRequest(.post, target, body: JSONValue.object(body).pythonJSON)
    }

    /// `image list`: `GET /images`.
    public func listImages() -> APIRequest { APIRequest(.get, url("images")) }

    /// `get_image(tag=…)`: `GET /images?fulltag=<quote_plus>&history=true|false`.
    public func image(tag: String, history: Bool) -> APIRequest {
        APIRequest(.get, url("images") + "?" + PercentEncoding.formEncode([("fulltag", tag), ("history", history ? "true" : "false")]))
    }

    /// `get_image(imageDigest=…)`: `GET /images/<digest as given>?history=false`.
    public func image(digest: String) -> APIRequest {
        APIRequest(.get, url("images", digest) + "?history=false")
    }

    /// `get_image(image_id=…)`: `GET /images/by_id/<id>?history=false`.
    public func image(imageID: String) -> APIRequest {
        APIRequest(.get, url("images", "by_id", imageID) + "?history=false")
    }

    /// `query_image`: `GET /images/<digest>/<content|metadata>[/<type>]`.
    public func query(digest: String, group: String, type: String?) -> APIRequest {
        var target = url("images", digest, group)
        if let type, !type.isEmpty { target += "/" + type }
        return APIRequest(.get, target)
    }

    /// `delete_image`: `DELETE /images/<digest>[?force=True]`.
    public func deleteImage(digest: String, force: Bool) -> APIRequest {
        APIRequest(.delete, url("images", digest) + (force ? "?force=True" : ""))
    }

    /// `get_subscription`: `GET /subscriptions[?subscription_key=…&subscription_type=…]` (`os.path.join` on the base).
    public func subscriptions(key: String? = nil, type: String? = nil) -> APIRequest {
        var pairs: [(String, String)] = []
        if let key, !key.isEmpty { pairs.append(("subscription_key", key)) }
        if let type, !type.isEmpty { pairs.append(("subscription_type", type)) }
        let joined = baseURL.hasSuffix("/") ? baseURL + "subscriptions" : baseURL + "/subscriptions"
        return APIRequest(.get, joined + (pairs.isEmpty ? "" : "?" + PercentEncoding.formEncode(pairs)))
    }

    /// `activate/deactivate_subscription`: `PUT /subscriptions/<id>` with `{"active", "subscription_key", "subscription_type"}`.
    public func updateSubscription(id: String, active: Bool, key: String, type: String) -> APIRequest {
        let body: JSONValue = ["active": .bool(active), "subscription_key": .string(key), "subscription_type": .string(type)]
        return APIRequest(.put, url("subscriptions", id), body: body.pythonJSON)
    }

    /// `query_image(query_group="vuln")`: `GET /images/<digest>/vuln[/<type>]?vendor_only=True|False`
    /// (the flag is sent even when listing the types).
    public func vulnerabilities(digest: String, type: String?, vendorOnly: Bool) -> APIRequest {
        query(digest: digest, group: "vuln", type: type).appendingQuery("vendor_only=" + Self.python(vendorOnly))
    }

    /// `system status`: `GET /system`.
    public func systemStatus() -> APIRequest { APIRequest(.get, url("system")) }

    /// `system del`: `DELETE <url>/system/services/<servicename>/<host_id>` (the names as given).
    public func deleteService(hostID: String, serviceName: String) -> APIRequest {
        APIRequest(.delete, url("system", "services", serviceName, hostID))
    }

    /// `system webhook test`: `POST <url>/system/webhooks/<type>/test?notification_type=<ntype>` (as given), no body.
    public func testWebhook(type: String, notificationType: String) -> APIRequest {
        APIRequest(.post, url("system", "webhooks", type, "test") + "?notification_type=" + notificationType)
    }

    /// `system errorcodes`: `GET /system/error_codes`.
    public func errorCodes() -> APIRequest { APIRequest(.get, url("system/error_codes")) }

    /// `system feeds list` (and `system wait`): `GET /system/feeds`.
    public func systemFeeds() -> APIRequest { APIRequest(.get, url("system/feeds")) }

    /// `system feeds export` (Drydock): `GET /system/feeds/bundle`.
    public func exportFeeds() -> APIRequest { APIRequest(.get, url("system/feeds/bundle")) }

    /// `system feeds import` (Drydock): `POST /system/feeds/bundle` with the bundle's bytes.
    public func importFeeds(_ bundle: [UInt8]) -> APIRequest { APIRequest(.post, url("system/feeds/bundle"), data: bundle) }

    /// `system feeds sync`: `POST /system/feeds?flush=True|False`, no body.
    public func syncFeeds(flush: Bool) -> APIRequest {
        APIRequest(.post, url("system/feeds?flush=" + Self.python(flush)))
    }

    /// `system feeds config`: `PUT /system/feeds/<feed>[/<group>]?enabled=True|False`, no body;
    /// names go into the path as given.
    public func setFeedEnabled(feed: String, group: String? = nil, enabled: Bool) -> APIRequest {
        APIRequest(.put, feedURL(feed: feed, group: group) + "?enabled=" + Self.python(enabled))
    }

    /// `system feeds delete`: `DELETE /system/feeds/<feed>[/<group>]`.
    public func deleteFeed(feed: String, group: String? = nil) -> APIRequest {
        APIRequest(.delete, feedURL(feed: feed, group: group))
    }

    private func feedURL(feed: String, group: String?) -> String {
        if let group, !group.isEmpty { url("system/feeds/\(feed)/\(group)") } else { url("system/feeds/\(feed)") }
    }

    /// Python's `str(bool)`.
    static func python(_ flag: Bool) -> String { flag ? "True" : "False" }
}

extension APIRequest {
    /// The request with `pair` appended to its query (`?` or `&`).
    func appendingQuery(_ pair: String) -> APIRequest {
        var request = self
        request.url += (url.contains("?") ? "&" : "?") + pair
        return request
    }
}
