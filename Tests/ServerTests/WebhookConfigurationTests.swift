import Engine
import Foundation
import Server
import Testing

@Suite struct WebhookConfigurationTests {
    @Test func theWebhooksSectionIsParsedInAnchoresShape() throws {
        var configuration = ServiceConfiguration(dataDirectory: "/d")
        try configuration.apply(
            yaml: """
                webhooks:
                  webhook_user: top
                  webhook_pass: secret
                  ssl_verify: false
                  notification_retry_timeout: 45
                  general:
                    url: "http://hooks.example/general/<notification_type>/<userId>"
                  policy_eval:
                    url: "https://hooks.example/policy"
                    webhook_user: u
                    webhook_pass: p
                    ssl_verify: true
                  analysis_update:
                    url: "https://hooks.example/analysis"
                    webhook_token: tok
                  event_log: {}
                  vuln_update: null
                """,
            source: "drydock.yaml")
        let webhooks = try #require(configuration.webhooks)
        #expect(webhooks.retryTimeoutSeconds == 45)
        let settings = webhooks.notifierSettings
        #expect(settings.retryTimeout == .seconds(45))
        #expect(settings.general == WebhookTarget(
            url: "http://hooks.example/general/<notification_type>/<userId>",
            authorization: .basic(user: "top", password: "secret"), verifyTLS: false))
        #expect(settings.byType["policy_eval"] == WebhookTarget(
            url: "https://hooks.example/policy", authorization: .basic(user: "u", password: "p"), verifyTLS: true))
        #expect(settings.byType["analysis_update"]?.authorization == .bearer(token: "tok"))
        #expect(settings.byType["event_log"] == nil)
        #expect(settings.byType["vuln_update"] == nil)
        #expect(settings.targets(for: "policy_eval").map(\.name) == ["policy_eval", "general"])
        #expect(settings.targets(for: "tag_update").map(\.name) == ["general"])
        #expect(settings.general?.resolvedURL(account: "admin", notificationType: "tag_update") == "http://hooks.example/general/tag_update/admin")
        #expect(settings.general?.authorizationHeader == "Basic " + Data("top:secret".utf8).base64EncodedString())
    }

    @Test func defaultsAndEnvironment() throws {
        var configuration = ServiceConfiguration(dataDirectory: "/d")
        #expect(configuration.webhooks == nil)
        try configuration.apply(environment: ["DRYDOCK_WEBHOOKS": #"{"webhook_token": "t", "general": {"url": "http://h/x"}}"#])
        let settings = try #require(configuration.webhooks).notifierSettings
        #expect(settings.retryTimeout == .seconds(300))
        #expect(settings.general?.authorization == .bearer(token: "t"))
        #expect(settings.general?.verifyTLS == true)
        #expect(settings.backoff(afterTries: 1) == .seconds(2))
        #expect(settings.backoff(afterTries: 3) == .seconds(8))
        #expect(settings.backoff(afterTries: 30) == .seconds(60))
    }

    @Test(arguments: [
        ("webhooks: [a]", "webhooks must be a mapping"),
        ("webhooks:\n  colour: blue", "unknown setting \"webhooks.colour\""),
        ("webhooks:\n  general: {url: ftp://x/y}", "webhooks.general.url must be an http(s) URL"),
        ("webhooks:\n  general: plain", "webhooks.general must be a mapping"),
        ("webhooks:\n  general: {uri: http://x}", "unknown setting \"webhooks.general.uri\""),
        ("webhooks:\n  ssl_verify: maybe", "webhooks.ssl_verify must be true or false"),
        ("webhooks:\n  tag_update: {url: 'http://x', ssl_verify: sometimes}", "webhooks.tag_update.ssl_verify must be true or false"),
        ("webhooks:\n  notification_retry_timeout: -5", "webhooks.notification_retry_timeout must be a positive number"),
        ("webhooks:\n  request_timeout: soon", "webhooks.request_timeout must be a positive number"),
    ])
    func badWebhookSettingsAreRefusedWithTheirName(yaml: String, message: String) {
        var configuration = ServiceConfiguration(dataDirectory: "/d")
        #expect {
            try configuration.apply(yaml: yaml, source: "f.yaml")
        } throws: { error in
            "\(error)".contains(message) && "\(error)".hasPrefix("f.yaml")
        }
    }
}
