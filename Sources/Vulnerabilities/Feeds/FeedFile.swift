public import Foundation

/// Bounded reads of feed files from disk: a feed is data from outside, so its size is checked before it is read.
public enum FeedFile {
    /// The largest feed file a driver will read (512 MiB); the full Debian tracker JSON is ~70 MiB.
    public static let defaultLimit = 512 * 1024 * 1024

    /// The bytes of `url`, refusing files larger than `limit`.
    public static func read(_ url: URL, limit: Int = defaultLimit) throws(FeedError) -> Data {
        let size: Int
        do {
            let values = try url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            guard values.isRegularFile == true else {
                throw FeedError(.unreadable, "\(url.path): not a regular file")
            }
            size = values.fileSize ?? 0
        } catch let error as FeedError {
            throw error
        } catch {
            throw FeedError(.unreadable, "\(url.path): \(error.localizedDescription)", cause: error)
        }
        guard size <= limit else {
            throw FeedError(.unreadable, "\(url.path): \(size) bytes is over the \(limit)-byte limit for a feed file")
        }
        do {
            let data = try Data(contentsOf: url)
            guard data.count <= limit else {
                throw FeedError(.unreadable, "\(url.path): grew past the \(limit)-byte limit while read")
            }
            return data
        } catch let error as FeedError {
            throw error
        } catch {
            throw FeedError(.unreadable, "\(url.path): \(error.localizedDescription)", cause: error)
        }
    }

    /// Regular files under `directory` (recursively) whose names end with one of `extensions`, sorted by path.
    public static func files(under directory: URL, extensions: Set<String>) throws(FeedError) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FeedError(.unreadable, "\(directory.path): not a directory")
        }
        guard let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else {
            throw FeedError(.unreadable, "\(directory.path): cannot be listed")
        }
        var result: [URL] = []
        for case let url as URL in enumerator where extensions.contains(url.pathExtension.lowercased()) {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                result.append(url)
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Every file under `directory` with one of `extensions`, read and parsed by `parse` (given its bytes and its path
    /// relative to `directory`); a file that cannot be read or parsed is recorded in `skipped` with the reason.
    static func parseEach(
        under directory: URL, extensions: Set<String>, _ parse: (Data, String) throws(FeedError) -> FeedParseResult
    ) throws(FeedError) -> FeedParseResult {
        var result = FeedParseResult()
        for url in try files(under: directory, extensions: extensions) {
            let name = relativePath(url, to: directory)
            do {
                result.append(try parse(try read(url), name))
            } catch {
                result.skip(name, error.message)
            }
        }
        return result
    }

    /// `url`'s path relative to `base`, for naming files in skip reasons and record groups.
    public static func relativePath(_ url: URL, to base: URL) -> String {
        let basePath = base.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(basePath) else { return url.lastPathComponent }
        return String(path.dropFirst(basePath.count).drop { $0 == "/" })
    }
}
