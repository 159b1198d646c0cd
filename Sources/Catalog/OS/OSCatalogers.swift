import Layers

extension Cataloger {
    /// The OS package catalogers: ``dpkg``, ``apk`` and ``rpm``.
    public static let osPackages: [Cataloger] = [.dpkg, .apk, .rpm]
}
