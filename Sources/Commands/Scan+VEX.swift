import ArgumentParser
import Foundation
import Vulnerabilities

extension Drydock.Scan {
    /// The documents of `--vex` files, in the order given (a later file's statement of the same time wins); an
    /// unreadable or invalid document is an error (exit 2), never silently ignored.
    static func loadVEX(_ paths: [String]) throws -> [(id: String, document: OpenVEXDocument)] {
        var documents: [(id: String, document: OpenVEXDocument)] = []
        for path in paths {
            do {
                documents.append((path, try OpenVEXDocument.parse(try Data(contentsOf: URL(fileURLWithPath: path)))))
            } catch let error as FeedError {
                FileHandle.standardError.write(Data("Error: the VEX document \(path) cannot be used: \(error.message)\n".utf8))
                throw ExitCode(2)
            } catch {
                FileHandle.standardError.write(Data("Error: cannot read the VEX document \(path): \(error.localizedDescription)\n".utf8))
                throw ExitCode(2)
            }
        }
        return documents
    }
}
