#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Finds free TCP ports on the loopback interface for test servers.
public enum FreePort {
    /// The ports this process has handed out: the kernel can choose a closed port again before the first caller
    /// has bound it, and two of our own servers would then share one port (the loser's health probe answered by the
    /// winner). A test process starts a few hundred servers at most, far fewer than the ephemeral range.
    private static let handedOut = Mutex<Set<Int>>([])

    /// Returns a TCP port on 127.0.0.1 that was free a moment ago and that this process has not returned before.
    ///
    /// Binds a socket to port 0, reads the port the kernel chose, and closes the socket. Another
    /// process can take the port before the caller binds it, so callers retry on a collision.
    public static func next() throws -> Int {
        for _ in 0..<100 {
            let port = try kernelChosen()
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw RegistryServerError.noFreePort(errno: EADDRINUSE)
    }

    private static func kernelChosen() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw RegistryServerError.noFreePort(errno: errno) }
        defer { close(fd) }

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw RegistryServerError.noFreePort(errno: errno) }

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        guard named == 0 else { throw RegistryServerError.noFreePort(errno: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port` right now.
    public static func isListening(_ port: Int) -> Bool {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0
    }
}
