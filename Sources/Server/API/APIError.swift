public import Engine
import Foundation
import Logging
import NIOCore
public import Hummingbird
public import Store

/// An error answered with Anchore's envelope: `{"message", "httpcode", "detail": {"error_codes": [...]}}`.
/// The only place Drydock turns failures into HTTP status codes.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var detail: [String: String]
    public var errorCodes: [String]

    public init(_ status: HTTPResponse.Status, _ message: String, detail: [String: String] = [:], errorCodes: [String] = []) {
        self.status = status
        self.message = message
        self.detail = detail
        self.errorCodes = errorCodes
    }

    public init(_ error: CatalogError) {
        let status: HTTPResponse.Status = switch error.code {
        case .badRequest, .registry: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .internalError: .internalServerError
        }
        self.init(status, error.message, detail: error.detail, errorCodes: error.errorCodes)
    }

    public init(_ error: StoreError) {
        self.init(.internalServerError, error.message)
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: Any] = ["message": message, "httpcode": Int(status.code)]
        var detailObject: [String: Any] = detail
        detailObject["error_codes"] = errorCodes
        object["detail"] = detailObject
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Maps every error a handler throws to the envelope, so no failure leaves as an unexplained 500.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as CatalogError {
            return try APIError(error).response(from: request, context: context)
        } catch let error as StoreError {
            context.logger.error("store failure", metadata: ["error": "\(error)"])
            return try APIError(error).response(from: request, context: context)
        } catch let error as UnauthorizedError {
            return error.response
        } catch let error as HTTPError {
            let message = error.body ?? Self.reason(error.status)
            return try APIError(error.status, message).response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try APIError(.contentTooLarge, "request body is too large").response(from: request, context: context)
        } catch let error as DecodingError {
            return try APIError(.badRequest, "invalid request body: \(describe(error))").response(from: request, context: context)
        } catch {
            context.logger.error("unexpected failure", metadata: ["error": "\(error)"])
            return try APIError(.internalServerError, "internal error: \(error)").response(from: request, context: context)
        }
    }

    static func reason(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "Resource not found"
        case 405: "Method not allowed"
        case 413: "request body is too large"
        default: status.reasonPhrase
        }
    }
}

/// The plain-text 401 Anchore answers for missing or wrong credentials. The web UI's requests get no Basic
/// challenge (a browser would pop up its own password dialog), and an ended session says so in JSON.
struct UnauthorizedError: Error {
    var challenge = true
    var message: String?

    static let sessionExpired = UnauthorizedError(challenge: false, message: "Your session has expired. Log in again.")

    var response: Response {
        if let message, let data = try? JSONSerialization.data(withJSONObject: [
            "message": message, "httpcode": 401, "detail": ["error_codes": [String]()],
        ] as [String: Any], options: [.sortedKeys]) {
            return Response(status: .unauthorized, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        var headers: HTTPFields = [.contentType: "text/plain"]
        if challenge { headers[.wwwAuthenticate] = "basic realm=\"Authentication required\"" }
        return Response(status: .unauthorized, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "Unauthorized")))
    }
}

/// A decoding error in words a user can act on.
func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return keys.isEmpty ? "" : " at \(keys)"
    }
    switch error {
    case .typeMismatch(let type, let context): return "wrong type\(path(context)): expected \(type)"
    case .valueNotFound(let type, let context): return "missing value\(path(context)): expected \(type)"
    case .keyNotFound(let key, let context): return "missing field \"\(key.stringValue)\"\(path(context))"
    case .dataCorrupted(let context): return "malformed JSON\(path(context)): \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
}
