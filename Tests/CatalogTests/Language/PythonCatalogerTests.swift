import Catalog
import Foundation
import Layers
import Testing

@Suite("Python cataloger")
struct PythonCatalogerTests {
    let site = "/usr/local/lib/python3.12/site-packages"

    @Test("dist-info METADATA with RECORD: name as written, owned files, locations, layer, PURL")
    func distInfo() throws {
        let tree = LanguageFixtures.tree([
            (
                site + "/Flask_Cors-4.0.1.dist-info/METADATA",
                Array(
                    "Metadata-Version: 2.1\nName: Flask_Cors\nVersion: 4.0.1\nLicense: MIT\nSummary: x\n\nName: Nope\n"
                        .utf8), 3
            ),
            (
                site + "/Flask_Cors-4.0.1.dist-info/RECORD",
                Array(
                    "flask_cors/__init__.py,sha256=abc,100\n\"odd,name.py\",,\n../../../bin/flask-cors,,\nFlask_Cors-4.0.1.dist-info/RECORD,,\n"
                        .utf8), 3
            ),
            (site + "/Flask_Cors-4.0.1.dist-info/top_level.txt", Array("flask_cors\n".utf8), 3),
        ])
        let result = Cataloger.python.catalog(tree, CatalogContext())
        #expect(result.issues.isEmpty)
        let package = try #require(result.packages.first)
        #expect(result.packages.count == 1)
        #expect(package.type == .python)
        #expect(package.name == "flask-cors")  // PEP 503, as syft names it
        #expect(package.metadata["name"] == "Flask_Cors")
        #expect(package.version == "4.0.1")
        #expect(package.purl == "pkg:pypi/flask-cors@4.0.1")
        #expect(package.licenses == ["MIT"])
        #expect(package.layer == 3)
        #expect(
            package.locations == [
                site + "/Flask_Cors-4.0.1.dist-info/METADATA", site + "/Flask_Cors-4.0.1.dist-info/RECORD",
                site + "/Flask_Cors-4.0.1.dist-info/top_level.txt",
            ])
        #expect(package.files.contains(site + "/flask_cors/__init__.py"))
        #expect(package.files.contains(site + "/odd,name.py"))
        #expect(package.files.contains("/usr/local/bin/flask-cors"))
    }

    @Test("egg-info file, egg-info directory and EGG-INFO all count; installed-files.txt lists owned files")
    func eggForms() {
        let tree = LanguageFixtures.tree([
            "/usr/lib/python3/dist-packages/six-1.16.0.egg-info": "Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\n",
            "/usr/lib/python3/dist-packages/PyYAML.egg-info/PKG-INFO":
                "Name: PyYAML\nVersion: 6.0\nLicense-Expression: MIT\n",
            "/usr/lib/python3/dist-packages/PyYAML.egg-info/installed-files.txt": "../yaml/__init__.py\n",
            "/opt/app/zipp-3.1.egg/EGG-INFO/PKG-INFO":
                "Name: zipp\nVersion: 3.1\nClassifier: License :: OSI Approved :: MIT License\n",
        ])
        let result = Cataloger.python.catalog(tree, CatalogContext())
        #expect(result.issues.isEmpty)
        let found = Set(result.packages.map { "\($0.name)@\($0.version)" })
        #expect(found == ["six@1.16.0", "pyyaml@6.0", "zipp@3.1"])
        let yaml = result.packages.first { $0.name == "pyyaml" }
        #expect(yaml?.files == ["/usr/lib/python3/dist-packages/yaml/__init__.py"])
        #expect(yaml?.licenses == ["MIT"])
        #expect(result.packages.first { $0.name == "zipp" }?.licenses == ["MIT License"])
    }

    @Test("syft's rules: no Name skips (an issue), `Python` is not a package, a missing version is UNKNOWN")
    func syftRules() {
        let tree = LanguageFixtures.tree([
            "/usr/lib/python2.7/lib-dynload/Python-2.7.egg-info": "Name: Python\nVersion: 2.7.18\n",
            "/s/empty.dist-info/METADATA": "Metadata-Version: 2.1\nSummary: nothing\n",
            "/s/noversion.dist-info/METADATA": "Name: noversion\n",
            "/s/continued.dist-info/METADATA": "\n\nName: continued\nVersion: 1.0\nLicense: BSD\n  second line\n",
            "/s/lower.dist-info/METADATA": "name: lower\nversion: 2\n",
            "/s/crlf.dist-info/METADATA": "Name: crlf\r\nVersion: 3.0\r\n\r\n",
        ])
        let result = Cataloger.python.catalog(tree, CatalogContext())
        let found = Set(result.packages.map { "\($0.name)@\($0.version)" })
        #expect(found == ["noversion@UNKNOWN", "continued@1.0", "lower@2", "crlf@3.0"])
        #expect(result.packages.first { $0.name == "noversion" }?.purl == "pkg:pypi/noversion")
        #expect(result.packages.first { $0.name == "continued" }?.licenses == [])
        #expect(result.issues.map(\.path) == ["/s/empty.dist-info/METADATA"])
    }

    @Test("a corrupt METADATA is an issue; its neighbours are still found")
    func corrupt() {
        var files: [(path: String, contents: [UInt8], layer: Int)] = [
            ("/s/bad.dist-info/METADATA", Array(" continuation first\nName: bad\n".utf8), 1),
            ("/s/binary.dist-info/METADATA", [0xFF, 0xFE, 0x00, 0x01, 0x0A, 0x80], 1),
            ("/s/good.dist-info/METADATA", Array("Name: good\nVersion: 1\n".utf8), 1),
        ]
        files.append(("/s/garbage.dist-info/METADATA", Array(repeating: UInt8(ascii: "x"), count: 10), 1))
        let big = FileRecord(path: "/s/big.dist-info/METADATA", kind: .regular, size: 100 * 1024 * 1024, layer: 2)
        let tree = LanguageFixtures.tree(files, extra: [big])
        let result = Cataloger.python.catalog(tree, CatalogContext())
        #expect(result.packages.map(\.name) == ["good"])
        let paths = Set(result.issues.map { $0.path ?? "" })
        #expect(
            paths == [
                "/s/bad.dist-info/METADATA", "/s/binary.dist-info/METADATA", "/s/garbage.dist-info/METADATA",
                "/s/big.dist-info/METADATA",
            ])
        #expect(result.issues.first { $0.path == "/s/big.dist-info/METADATA" }?.layer == 2)
    }

    @Test("PURL normalization follows the purl spec for pypi")
    func purl() {
        #expect(
            LanguagePURL.pypi(name: "Django_REST.framework", version: "3.0+local")
                == "pkg:pypi/django-rest-framework@3.0%2Blocal")
        #expect(LanguagePURL.normalizedPythonName("Foo__Bar.-baz") == "foo-bar-baz")
    }

    /// The machine's own site-packages, against Python's importlib.metadata as the oracle.
    @Test(
        "real site-packages: the same names and versions as importlib.metadata",
        arguments: ["/usr/lib/python3/dist-packages", "PYENV_SITE"])
    func realSitePackages(_ argument: String) throws {
        let python = "/usr/bin/python3"
        try #require(LanguageFixtures.exists(python), "needed by this test and not found on this machine")
        var directory = argument
        if argument == "PYENV_SITE" {
            let code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
            let site = try #require(LanguageFixtures.run("/usr/bin/env", ["python3", "-c", code]), "python3 did not answer")
            directory = TrimmedLine(site).value
        }
        try #require(LanguageFixtures.exists(directory), "needed by this test and not found on this machine")
        // The oracle: importlib.metadata over every directory holding metadata, as syft's recursive globs see
        // them (vendored packages included). The metadata is copied to a temporary tree, which is cataloged.
        let copy = try LanguageFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: copy) }
        let script = """
            import importlib.metadata as m, json, os, re, shutil, sys
            source, target, out = sys.argv[1], sys.argv[2], []
            for root, dirs, files in os.walk(source):
                found = [e for e in dirs + files if e.endswith(('.dist-info', '.egg-info')) or e == 'EGG-INFO']
                for entry in found:
                    src = os.path.join(root, entry)
                    dst = os.path.join(target, os.path.relpath(src, source))
                    if os.path.isdir(src):
                        shutil.copytree(src, dst, symlinks=True)
                    else:
                        os.makedirs(os.path.dirname(dst), exist_ok=True)
                        shutil.copy(src, dst)
                if not found:
                    continue
                for d in m.distributions(path=[root]):
                    name = d.metadata.get('Name')
                    if name and name.strip() and name != 'Python':
                        # PEP 503 normalized, as syft names packages
                        out.append([re.sub(r'[-_.]+', '-', name).lower(), d.metadata.get('Version') or 'UNKNOWN'])
            print(json.dumps(out))
            """
        let json = try #require(LanguageFixtures.run(python, ["-c", script, directory, copy.path]))
        let oracle = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String]])
        let expected = oracle.map { $0.joined(separator: "@") }.sorted()
        let tree = LanguageFixtures.directory(copy.path, for: [.python])
        let result = Cataloger.python.catalog(tree, CatalogContext())
        let found = result.packages.map { "\($0.name)@\($0.version)" }.sorted()
        #expect(found == expected)
        #expect(!found.isEmpty)
    }
}

private struct TrimmedLine {
    let value: String
    init(_ text: String) { value = text.split(separator: "\n").first.map(String.init) ?? "" }
}
