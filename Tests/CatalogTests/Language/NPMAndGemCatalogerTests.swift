import Catalog
import Foundation
import Layers
import Testing

@Suite("npm cataloger")
struct NPMCatalogerTests {
    let modules = "/app/node_modules"

    @Test("installed package.json files: scoped names, license forms, nested node_modules, private packages")
    func packages() throws {
        let tree = LanguageFixtures.tree(
            [
                modules + "/@types/node/package.json":
                    #"{"name": "@types/node", "version": "20.1.0", "license": "MIT"}"#,
                modules + "/left-pad/package.json":
                    #"{"name": "left-pad", "version": "1.3.0", "license": {"type": "WTFPL", "url": "x"}, "private": true}"#,
                modules + "/a/node_modules/old/package.json":
                    #"{"name": "old", "version": "0.1.0", "licenses": [{"type": "MIT"}, {"type": "Apache-2.0"}]}"#,
                modules + "/a/package.json": #"{"name": "a", "version": "2.0.0"}"#,
                modules + "/a/dist/esm/package.json": #"{"type": "module"}"#,
                "/app/package.json": #"{"name": "my-app", "version": "1.0.0"}"#,
                "/app/package-lock.json": #"{"name": "my-app", "lockfileVersion": 3}"#,
            ], layer: 2)
        let result = Cataloger.npm.catalog(tree, CatalogContext())
        #expect(result.issues.isEmpty)
        let byName = Dictionary(uniqueKeysWithValues: result.packages.map { ($0.name, $0) })
        #expect(Set(byName.keys) == ["@types/node", "left-pad", "old", "a"])
        #expect(byName["@types/node"]?.purl == "pkg:npm/%40types/node@20.1.0")
        #expect(byName["@types/node"]?.licenses == ["MIT"])
        #expect(byName["left-pad"]?.licenses == ["WTFPL"])
        #expect(byName["old"]?.licenses == ["MIT", "Apache-2.0"])
        #expect(byName["a"]?.locations == [modules + "/a/package.json"])
        #expect(byName["a"]?.layer == 2)
        #expect(byName["a"]?.type == .npm)
    }

    @Test("a bad package.json is an issue and the others are still found")
    func corrupt() {
        let tree = LanguageFixtures.tree([
            modules + "/broken/package.json": #"{"name": "broken", "version": "#,
            modules + "/numeric/package.json": #"{"name": 42, "version": "1.0.0"}"#,
            modules + "/array/package.json": #"["not", "an", "object"]"#,
            modules + "/fine/package.json": #"{"name": "fine", "version": "1.0.0"}"#,
        ])
        let result = Cataloger.npm.catalog(tree, CatalogContext())
        #expect(result.packages.map(\.name) == ["fine"])
        #expect(
            Set(result.issues.compactMap(\.path)) == [
                modules + "/broken/package.json", modules + "/numeric/package.json", modules + "/array/package.json",
            ])
    }

    /// npm's own installation, against Node.js reading the same files as the oracle.
    @Test("real node_modules: every package Node.js sees")
    func realNodeModules() throws {
        let root = "/usr/lib/node_modules/npm"
        try #require(LanguageFixtures.exists(root), "needed by this test and not found on this machine")
        try #require(LanguageFixtures.exists("/usr/bin/node"), "needed by this test and not found on this machine")
        let script = """
            const fs = require('fs'), path = require('path'); const out = [];
            (function walk(dir, inModules) {
              for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
                const p = path.join(dir, e.name);
                if (e.isDirectory()) walk(p, inModules || e.name === 'node_modules');
                else if (e.isFile() && e.name === 'package.json' && inModules) {
                  try { const j = JSON.parse(fs.readFileSync(p, 'utf8'));
                    if (typeof j.name === 'string' && typeof j.version === 'string' && j.name && j.version)
                      out.push(j.name + '@' + j.version); } catch (err) {}
                }
              }
            })(process.argv[1], false);
            console.log(JSON.stringify(out));
            """
        let json = try #require(LanguageFixtures.run("/usr/bin/node", ["-e", script, root]))
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]).sorted()
        let tree = LanguageFixtures.directory(root, for: [.npm])
        let result = Cataloger.npm.catalog(tree, CatalogContext())
        #expect(result.packages.map { "\($0.name)@\($0.version)" }.sorted() == expected)
        #expect(expected.count > 10)
    }
}

@Suite("gem cataloger")
struct GemCatalogerTests {
    /// As RubyGems writes an installed specification.
    let rails = #"""
        # -*- encoding: utf-8 -*-
        # stub: railties 7.1.3 ruby lib

        Gem::Specification.new do |s|
          s.name = "railties".freeze
          s.version = "7.1.3".freeze

          s.required_rubygems_version = Gem::Requirement.new(">= 1.8.11".freeze) if s.respond_to? :required_rubygems_version=
          s.metadata = { "bug_tracker_uri" => "https://github.com/rails/rails/issues" } if s.respond_to? :metadata=
          s.require_paths = ["lib".freeze]
          s.authors = ["David Heinemeier Hansson".freeze, "Andr\u00E9 Arko".freeze]
          s.files = ["exe/rails".freeze, "lib/rails.rb".freeze]
          s.licenses = ["MIT".freeze]
          s.rubygems_version = "3.5.3".freeze
          s.add_runtime_dependency(%q<activesupport>.freeze, ["= 7.1.3".freeze])
        end
        """#

    @Test("an installed gemspec: name, version, licenses, files; other gemspecs are not installed gems")
    func installed() throws {
        let tree = LanguageFixtures.tree(
            [
                "/usr/local/bundle/specifications/railties-7.1.3.gemspec": rails,
                "/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec":
                    "Gem::Specification.new do |spec|\n  spec.name = 'json'\n  spec.version = Gem::Version.new(\"2.6.1\")\n  spec.license = 'Ruby'\nend\n",
                "/src/app/app.gemspec":
                    "Gem::Specification.new do |s|\n  s.name = \"app\"\n  s.version = \"0.1\"\nend\n",
            ], layer: 1)
        let result = Cataloger.gem.catalog(tree, CatalogContext())
        #expect(result.issues.isEmpty)
        #expect(result.packages.map { "\($0.name)@\($0.version)" }.sorted() == ["json@2.6.1", "railties@7.1.3"])
        let railties = try #require(result.packages.first { $0.name == "railties" })
        #expect(railties.purl == "pkg:gem/railties@7.1.3")
        #expect(railties.licenses == ["MIT"])
        #expect(railties.type == .gem)
        #expect(railties.layer == 1)
        #expect(
            railties.files == [
                "/usr/local/bundle/gems/railties-7.1.3/exe/rails", "/usr/local/bundle/gems/railties-7.1.3/lib/rails.rb",
            ])
        #expect(result.packages.first { $0.name == "json" }?.licenses == ["Ruby"])
    }

    @Test("a gemspec without name or version is an issue")
    func corrupt() {
        let tree = LanguageFixtures.tree([
            "/g/specifications/broken.gemspec": "\u{1}\u{2} not ruby at all",
            "/g/specifications/ok-1.0.gemspec": "s.name = \"ok\"\ns.version = \"1.0\"\n",
        ])
        let result = Cataloger.gem.catalog(tree, CatalogContext())
        #expect(result.packages.map(\.name) == ["ok"])
        #expect(result.issues.map(\.path) == ["/g/specifications/broken.gemspec"])
    }
}
