import Layers

extension Cataloger {
    /// Go modules compiled into executables, from the build information the Go toolchain embeds (found while
    /// layers stream by ``GoBuildInfoProbe``): the main module (version `(devel)` for a local build, as syft
    /// reports it), every dependency (its `=>` replacement when replaced, as syft reports it), and the toolchain
    /// as `stdlib` (and, for the `go` command itself, as `toolchain`).
    public static let go = Cataloger(
        name: "go",
        captures: [],
        probes: [GoBuildInfoProbe()],
        catalog: { resolver, _ in GoCataloger.catalog(resolver) }
    )
}

/// The Go cataloger's parser.
enum GoCataloger {
    static let source = "go"

    static func catalog(_ resolver: any FileResolver) -> CatalogResult {
        var result = CatalogResult()
        for file in resolver.files where file.kind == .regular {
            guard let extract = resolver.extract(GoBuildInfoProbe.name, at: file.path) else { continue }
            do throws(GoBuildInfo.ParseError) {
                let info = try GoBuildInfo(extract: extract)
                result.packages += packages(info, path: file.path, layer: file.layer)
            } catch {
                result.issues.append(
                    AnalysisIssue(source: source, path: file.path, layer: file.layer, message: error.description))
            }
        }
        return result
    }

    /// The packages one executable holds.
    static func packages(_ info: GoBuildInfo, path: String, layer: Int?) -> [Package] {
        var metadata = ["goVersion": info.goVersion]
        if let main = info.main { metadata["mainModule"] = main.path }
        for (key, name) in [("GOOS", "goOS"), ("GOARCH", "goArch")] { metadata[name] = info.setting(key) }

        func package(path modulePath: String, version: String, extra: [String: String] = [:]) -> Package {
            let stubbed = TextLines.trim(version).isEmpty ? "UNKNOWN" : version
            return Package(
                type: .go, name: modulePath, version: stubbed,
                purl: LanguagePURL.golang(path: modulePath, version: version),
                locations: [path], layer: layer, metadata: metadata.merging(extra) { $1 })
        }

        var packages: [Package] = []
        if let main = info.main {
            var extra: [String: String] = [:]
            for key in ["vcs.revision", "vcs.time", "vcs.modified"] { extra[key] = info.setting(key) }
            packages.append(package(path: main.path, version: main.version, extra: extra))
        }
        for dep in info.deps {
            var extra: [String: String] = [:]
            if !dep.sum.isEmpty { extra["h1Digest"] = dep.sum }
            packages.append(
                package(path: dep.replacePath ?? dep.path, version: dep.replaceVersion ?? dep.version, extra: extra))
        }
        // The toolchain's standard library, as syft reports it: `stdlib` at the Go version. The `go` command itself
        // (`cmd/go`, the toolchain's entry point in a Go distribution: `/usr/local/go/bin/go`) is also the toolchain,
        // as the Go vulnerability database names it: `toolchain` at the same version, so advisories about the go
        // command, cgo or the linker (GO-2023-1839) reach images that ship Go.
        let toolchain = String(info.goVersion.prefix { $0 != " " })
        if toolchain.hasPrefix("go"), toolchain.count > 2 {
            var modules = ["stdlib"]
            if info.path == "cmd/go" { modules.append("toolchain") }
            for module in modules {
                packages.append(
                    Package(
                        type: .go, name: module, version: toolchain,
                        purl: LanguagePURL.golang(path: module, version: String(toolchain.dropFirst(2))),
                        locations: [path], layer: layer, metadata: ["goVersion": info.goVersion]))
            }
        }
        return packages
    }
}
