import Foundation

/// The OpenAPI (Swagger 2.0) description served at `/swagger.json` and `/v1/swagger.json`. anchore-cli reads
/// `info.version` (it must be at least 0.1.6) to decide how to send tags; 0.1.20 is Anchore Engine 1.x's.
enum OpenAPIDocument {
    static let apiVersion = "0.1.20"

    /// Method, path, summary, success schema hint, for every authenticated route.
    static let operations: [(String, String, String)] = [
        ("post", "/images", "Add an image by tag, or by digest and tag, and queue it for analysis"),
        ("get", "/images", "List images; fulltag, history, image_status, analysis_status filter"),
        ("delete", "/images", "Delete images by imageDigests (comma-separated)"),
        ("get", "/images/{imageDigest}", "Get an image by digest"),
        ("delete", "/images/{imageDigest}", "Delete an image (force to override subscription checks)"),
        ("get", "/images/by_id/{imageId}", "Get images by image ID"),
        ("delete", "/images/by_id/{imageId}", "Delete an image by image ID"),
        ("get", "/images/{imageDigest}/content", "List the content types of an analyzed image"),
        ("get", "/images/{imageDigest}/content/{ctype}", "Get one content type (os, files, python, npm, gem, java, go, binary)"),
        ("get", "/images/by_id/{imageId}/content", "List content types by image ID"),
        ("get", "/images/by_id/{imageId}/content/{ctype}", "Get one content type by image ID"),
        ("get", "/images/{imageDigest}/metadata", "List metadata types (manifest, docker_history, dockerfile)"),
        ("get", "/images/{imageDigest}/metadata/{mtype}", "Get one metadata type, base64"),
        ("get", "/images/{imageDigest}/sboms/{format}", "Download the SBOM: native-json, cyclonedx-json, spdx-json"),
        ("get", "/summaries/imagetags", "One summary row per tag"),
        ("get", "/subscriptions", "List subscriptions; subscription_key and subscription_type filter"),
        ("post", "/subscriptions", "Create a subscription"),
        ("get", "/subscriptions/{subscriptionId}", "Get a subscription"),
        ("put", "/subscriptions/{subscriptionId}", "Activate, deactivate or change a subscription"),
        ("delete", "/subscriptions/{subscriptionId}", "Delete a subscription"),
        ("get", "/system", "The service states"),
        ("get", "/system/services", "The services"),
        ("get", "/system/services/{servicename}", "The processes playing one service"),
        ("get", "/system/services/{servicename}/{hostid}", "One service of one process"),
        ("delete", "/system/services/{servicename}/{hostid}", "Forget a process that is down (admin)"),
        ("get", "/system/error_codes", "The error codes"),
        ("get", "/system/feeds", "The vulnerability feeds"),
        ("post", "/system/webhooks/{webhookType}/test", "Send a test notification to a webhook (admin); notification_type picks the payload"),
        ("get", "/status", "The service status"),
        ("get", "/registries", "The account's registry credentials (passwords never returned)"),
        ("post", "/registries", "Add registry credentials; validate=true logs in first"),
        ("get", "/registries/{registry}", "One registry's credentials"),
        ("put", "/registries/{registry}", "Change a registry's credentials"),
        ("delete", "/registries/{registry}", "Delete a registry's credentials"),
        ("post", "/repositories", "Add (or dry-run) a whole repository: every tag now and, watched, every new tag"),
        ("delete", "/repositories", "Remove a repository: every image of it in any state and its subscriptions"),
        ("delete", "/repositories/pending", "Cancel pending: remove the repository's images still waiting for analysis"),
        ("get", "/events", "Events, newest first; since, before, level, event_type, resource filters; page and limit"),
        ("delete", "/events", "Delete the events that pass the filters"),
        ("get", "/events/{eventId}", "One event"),
        ("delete", "/events/{eventId}", "Delete one event"),
        ("get", "/event_types", "The event types"),
        ("get", "/policies", "The account's policy bundles; detail=false leaves the bundles out"),
        ("post", "/policies", "Add (or replace) a policy bundle; dryrun=true previews its impact instead"),
        ("get", "/policies/{policyId}", "One policy bundle"),
        ("put", "/policies/{policyId}", "Change a bundle or activate it (the record with active: true)"),
        ("delete", "/policies/{policyId}", "Delete a bundle (not the active one)"),
        ("get", "/images/{imageDigest}/check", "Evaluate the image as tag against the active (or policyId) bundle; history lists stored outcomes"),
        ("get", "/images/by_id/{imageId}/check", "Evaluate by image ID"),
        ("get", "/system/policy_spec", "Every policy gate, trigger and parameter"),
        ("get", "/summaries/policy_evaluations", "The latest verdict of each image and tag against the active bundle"),
        ("get", "/vex", "The account's OpenVEX documents"),
        ("post", "/vex", "Import an OpenVEX document (a new version of the same @id replaces it)"),
        ("get", "/vex/{vexId}", "One VEX document, with its JSON"),
        ("delete", "/vex/{vexId}", "Remove a VEX document: its statements no longer apply"),
        ("get", "/images/{imageDigest}/vex", "The image's matches as OpenVEX (format=openvex) or CycloneDX VEX (format=cyclonedx)"),
        ("get", "/images/by_id/{imageId}/vex", "The same, by image ID"),
        ("get", "/account", "The caller's account"),
        ("get", "/user", "The caller's user"),
        ("get", "/images/{imageDigest}/vuln", "List the vulnerability types (os, non-os, all)"),
        ("get", "/images/{imageDigest}/vuln/{vtype}", "The image's vulnerabilities of one type; vendor_only, force_refresh"),
        ("get", "/images/by_id/{imageId}/vuln", "List the vulnerability types by image ID"),
        ("get", "/images/by_id/{imageId}/vuln/{vtype}", "The image's vulnerabilities by image ID"),
        ("get", "/summaries/vulnerabilities", "Per analyzed image, its vulnerability count by severity (VEX applied)"),
        ("post", "/system/feeds", "Sync the feeds now (admin); flush=true drops their data first"),
        ("put", "/system/feeds/{feed}", "Enable or disable a feed (admin)"),
        ("put", "/system/feeds/{feed}/{group}", "Enable or disable a feed group (admin)"),
        ("delete", "/system/feeds/{feed}", "Delete a disabled feed's data (admin)"),
        ("delete", "/system/feeds/{feed}/{group}", "Delete a disabled feed group's data (admin)"),
        ("get", "/system/feeds/bundle", "Export every synced feed as one checksummed bundle (admin)"),
        ("post", "/system/feeds/bundle", "Import a feed bundle (admin)"),
        ("get", "/accounts", "The accounts (admin); state filter"),
        ("post", "/accounts", "Create an account (admin)"),
        ("get", "/accounts/{accountname}", "One account"),
        ("delete", "/accounts/{accountname}", "Delete a disabled account and everything it owns (admin)"),
        ("put", "/accounts/{accountname}/state", "Enable or disable an account (admin)"),
        ("get", "/accounts/{accountname}/users", "The account's users"),
        ("post", "/accounts/{accountname}/users", "Create a user in the account, with a password and a role"),
        ("get", "/accounts/{accountname}/users/{username}", "One user"),
        ("delete", "/accounts/{accountname}/users/{username}", "Delete a user"),
        ("put", "/accounts/{accountname}/users/{username}/role", "Change a user's role"),
        ("get", "/accounts/{accountname}/users/{username}/credentials", "A user's credentials (types only, never values)"),
        ("post", "/accounts/{accountname}/users/{username}/credentials", "Set a user's password"),
        ("get", "/user/credentials", "The caller's credentials (types only)"),
        ("post", "/user/credentials", "Change the caller's own password"),
        ("get", "/rbac-manager/roles", "The roles and their permissions"),
        ("get", "/rbac-manager/my_roles", "The caller's role"),
        ("get", "/swagger.json", "This document"),
    ]

    static func document(host: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for (method, path, summary) in operations {
            let parameters: [[String: Any]] = path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                ["name": String($0.dropFirst().dropLast()), "in": "path", "required": true, "type": "string"]
            }
            paths[path, default: [:]][method] = [
                "summary": summary, "parameters": parameters, "security": [["basicAuth": [String]()]],
                "responses": ["200": ["description": "success"], "400": ["description": "bad request", "schema": ["$ref": "#/definitions/ApiErrorResponse"]],
                              "401": ["description": "unauthorized"], "404": ["description": "not found", "schema": ["$ref": "#/definitions/ApiErrorResponse"]]],
            ] as [String: Any]
        }
        for (path, summary) in [("/health", "Liveness: 200 when up"), ("/version", "Versions"), ("/metrics", "Prometheus metrics")] {
            paths[path] = ["get": ["summary": summary, "responses": ["200": ["description": "success"]]]]
        }
        return [
            "swagger": "2.0",
            "info": ["title": "Drydock API (Anchore Engine compatible)", "version": apiVersion, "description": "Drydock \(drydockVersion)"],
            "host": host, "basePath": "/v1", "schemes": ["http"], "consumes": ["application/json"], "produces": ["application/json"],
            "securityDefinitions": ["basicAuth": ["type": "basic"]],
            "definitions": [
                "ApiErrorResponse": [
                    "type": "object",
                    "properties": ["message": ["type": "string"], "httpcode": ["type": "integer"], "detail": ["type": "object"]],
                ],
            ],
            "paths": paths,
        ]
    }
}
