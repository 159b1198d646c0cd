/// `subscription list|get|del|activate|deactivate` as anchore-cli 0.9.3 runs them (`anchorecli/cli/subscription.py`).
extension ClientSession {
    /// `subscription list [--full]`: `GET /subscriptions`, then the table.
    public func listSubscriptions(full: Bool = false) async throws(ClientError) {
        emit(try await payload(of: endpoints.subscriptions())) { payload throws(ClientError) in
            try SubscriptionFormatter.list(payload, full: full)
        }
    }

    /// `subscription activate|deactivate TYPE KEY`: find the record with
    /// `GET /subscriptions?subscription_key=…&subscription_type=…`, then `PUT /subscriptions/<id>`.
    public func setSubscription(type: String, key: String, active: Bool) async throws(ClientError) {
        let updated = try await updateSubscription(type: type, key: key, active: active)
        emit(updated) { _ in "Success" }
    }

    /// `subscription get ID`: `GET /subscriptions/<id>`, the table with `Subscription ID` and `User ID`.
    public func getSubscription(id: String) async throws(ClientError) {
        emit(try await payload(of: endpoints.subscription(id: id)), SubscriptionFormatter.get)
    }

    /// `subscription del ID`: `DELETE /subscriptions/<id>`, then `Success` (printed as is, also in `--json` mode).
    public func deleteSubscription(id: String) async throws(ClientError) {
        _ = try await payload(of: endpoints.subscription(id: id, delete: true))
        console.line("Success")
    }

    /// The lookup and `PUT` of `activate/deactivate_subscription` (`cannot locate subscription record …` when the
    /// lookup finds nothing); returns the `PUT`'s payload.
    func updateSubscription(type: String, key: String, active: Bool) async throws(ClientError) -> JSONValue {
        let id = try await subscriptionID(type: type, key: key, purpose: active ? "activation" : "deactivation")
        return try await payload(of: endpoints.updateSubscription(id: id, active: active, key: key, type: type))
    }

    /// The id of the first record `GET /subscriptions?subscription_key=…&subscription_type=…` returns.
    func subscriptionID(type: String, key: String, purpose: String) async throws(ClientError) -> String {
        let lookup = try await send(endpoints.subscriptions(key: key, type: type))
        let records = lookup.isSuccess ? lookup.payload : .object(JSONObject())
        guard records.isTruthy else {
            throw ClientError(
                .notFound,
                "cannot locate subscription record using specified input (subscription_type=\(type), "
                    + "subscription_key=\(key) needs to exist before \(purpose))")
        }
        let id = try Self.pythonItem { () throws(ClientError) in try records.item(0).get("subscription_id") }
        guard id.isTruthy else {
            throw ClientError(.invalidResponse, "could not get a valid subscription record using specified input")
        }
        return id.pythonString
    }
}

extension AnchoreEndpoints {
    /// `get_subscription_by_id` / `delete_subscription_by_id`: `GET|DELETE <os.path.join(url, "subscriptions", id)>`.
    public func subscription(id: String, delete: Bool = false) -> APIRequest {
        let joined = baseURL.hasSuffix("/") ? baseURL + "subscriptions" : baseURL + "/subscriptions"
        return APIRequest(delete ? .delete : .get, joined + "/" + id)
    }

    /// `delete_subscription`: `DELETE /subscriptions/<id>` (the base's trailing `/` removed).
    public func deleteSubscription(id: String) -> APIRequest { APIRequest(.delete, root + "/subscriptions/" + id) }
}
