/// `subscription list|activate|deactivate` as anchore-cli 0.9.3 runs them (`anchorecli/cli/subscription.py`).
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
        let lookup = try await send(endpoints.subscriptions(key: key, type: type))
        let records = lookup.isSuccess ? lookup.payload : .object(JSONObject())
        guard records.isTruthy else {
            throw ClientError(
                .notFound,
                "cannot locate subscription record using specified input (subscription_type=\(type), "
                    + "subscription_key=\(key) needs to exist before \(active ? "activation" : "deactivation"))")
        }
        let id = try Self.pythonItem { () throws(ClientError) in try records.item(0).get("subscription_id") }
        guard id.isTruthy else {
            throw ClientError(.invalidResponse, "could not get a valid subscription record using specified input")
        }
        let request = endpoints.updateSubscription(id: id.pythonString, active: active, key: key, type: type)
        emit(try await payload(of: request)) { _ in "Success" }
    }
}
